import { Alert, Card, Flex, InputNumber, Slider, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StandardView } from '../../api/types';
import { hasWeight, type Draft } from './draft';

interface Props {
  view: StandardView;
  draft: Draft;
  onChange: (next: Draft) => void;
  /** reset and save, below the pass line */
  actions?: React.ReactNode;
}

const WEIGHT_MAX = 5;

/** Weights as sliders per dimension, each with its minimum; the pass line below them. */
export function DraftEditor({ view, draft, onChange, actions }: Props) {
  const { t } = useTranslation();
  const names = new Map(view.dimensions.map((d) => [d.code, d.name]));
  const codes = Object.keys(draft.weights);
  const setWeight = (code: string, value: number | null) => onChange({ ...draft, weights: { ...draft.weights, [code]: Math.max(0, value ?? 0) } });
  const setMinimum = (code: string, value: number | null) => onChange({ ...draft, minimums: { ...draft.minimums, [code]: value } });
  return (
    <Card title={t('standards.draft')} size="small" data-testid="draft-editor">
      <Flex vertical gap={12}>
        {codes.map((code) => {
          const name = names.get(code) ?? code;
          return (
            <Flex key={code} wrap gap={8} align="center" data-testid={`dimension-${code}`}>
              <Flex vertical style={{ width: 120 }}>
                <Typography.Text strong>{name}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {code}
                </Typography.Text>
              </Flex>
              <Slider
                min={0}
                max={WEIGHT_MAX}
                step={0.5}
                value={Math.min(draft.weights[code] ?? 0, WEIGHT_MAX)}
                onChange={(v) => setWeight(code, v)}
                style={{ flex: '1 1 140px', minWidth: 120 }}
                ariaLabelForHandle={t('standards.weightOf', { name })}
              />
              <InputNumber
                min={0}
                max={1000}
                step={0.5}
                value={draft.weights[code]}
                onChange={(v) => setWeight(code, v)}
                aria-label={t('standards.weightOf', { name })}
                style={{ width: 72 }}
              />
              <InputNumber
                min={0}
                max={100}
                value={draft.minimums[code] ?? null}
                onChange={(v) => setMinimum(code, v)}
                placeholder={t('standards.noMinimum')}
                aria-label={t('standards.minimumOf', { name })}
                addonBefore={t('standards.minimum')}
                style={{ width: 150 }}
              />
            </Flex>
          );
        })}
        <Flex wrap gap={8} align="center" style={{ borderTop: '1px solid #f0f0f0', paddingTop: 12 }}>
          <Typography.Text strong style={{ width: 120 }} id="pass-line-label">
            {t('standards.passLine')}
          </Typography.Text>
          <Slider
            min={0}
            max={100}
            value={draft.pass_line}
            onChange={(v) => onChange({ ...draft, pass_line: v })}
            style={{ flex: '1 1 140px', minWidth: 120 }}
            ariaLabelForHandle={t('standards.passLine')}
          />
          <InputNumber
            min={0}
            max={100}
            value={draft.pass_line}
            onChange={(v) => onChange({ ...draft, pass_line: v ?? 0 })}
            aria-labelledby="pass-line-label"
            style={{ width: 72 }}
          />
        </Flex>
        {!hasWeight(draft) && <Alert type="warning" showIcon message={t('standards.allZero')} />}
        {actions}
      </Flex>
    </Card>
  );
}
