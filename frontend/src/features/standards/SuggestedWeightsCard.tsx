import { Alert, Button, Card, Flex, Spin, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StandardView } from '../../api/types';
import { ErrorState } from '../../lib/ui/QueryStates';
import { fmt2 } from '../analytics/format';
import { useSuggestedWeights } from './api';

interface Props {
  view: StandardView;
  outcome: string | undefined;
  onUse: (weights: Record<string, number>) => void;
}

interface Row {
  code: string;
  name: string;
  suggested: number;
  current: number | null;
}

/** NNLS weights fitted on the outcome beside the current ones, with their cross-validated r. */
export function SuggestedWeightsCard({ view, outcome, onUse }: Props) {
  const { t } = useTranslation();
  const query = useSuggestedWeights(view.position.id, outcome);
  const names = new Map(view.dimensions.map((d) => [d.code, d.name]));
  const s = query.data;
  let body: React.ReactNode;
  if (!outcome) body = <Typography.Text type="secondary">{t('standards.chooseOutcome')}</Typography.Text>;
  else if (query.isError) body = <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  else if (!s) body = <Spin />;
  else if (!s.enough_data) body = <Alert type="info" showIcon message={t('standards.notEnoughPeople', { n: s.n })} />;
  else {
    const total = Object.values(view.standard?.weights ?? {}).reduce((a, b) => a + b, 0);
    const rows: Row[] = s.dimensions.map((code) => ({
      code,
      name: names.get(code) ?? code,
      suggested: s.suggested?.[code] ?? 0,
      current: view.standard ? (view.standard.weights[code] ?? 0) / (total || 1) : null,
    }));
    // scaled so that the weights average 1 (the sliders' scale), rounded to a tenth
    const scaled = Object.fromEntries(rows.map((r) => [r.code, Math.round(r.suggested * rows.length * 10) / 10]));
    body = (
      <Flex vertical gap={12}>
        <Flex wrap gap={24} data-testid="cv-r">
          <Statistic title={`${t('standards.cvR')} · ${t('standards.cvSuggested')}`} value={fmt2(s.cv_r.suggested)} />
          <Statistic title={t('standards.cvCurrent')} value={fmt2(s.cv_r.current)} />
          <Statistic title={t('standards.cvEqual')} value={fmt2(s.cv_r.equal)} />
          <Statistic title="n" value={s.n} />
        </Flex>
        <Table<Row>
          size="small"
          rowKey="code"
          pagination={false}
          dataSource={rows}
          columns={[
            { title: t('analytics.dimension'), dataIndex: 'name' },
            { title: t('standards.suggestedWeight'), key: 's', align: 'right', render: (_, r) => `${(r.suggested * 100).toFixed(0)}%` },
            { title: t('standards.currentWeight'), key: 'c', align: 'right', render: (_, r) => (r.current === null ? '—' : `${(r.current * 100).toFixed(0)}%`) },
          ]}
        />
        {!s.suggested && <Alert type="warning" showIcon message={t('standards.noPredictor')} />}
        <Alert type="info" showIcon message={t('standards.caveatTitle')} description={t('standards.caveat')} />
        <Button disabled={!s.suggested} onClick={() => onUse(scaled)} data-testid="use-suggested">
          {t('standards.useSuggested')}
        </Button>
      </Flex>
    );
  }
  return (
    <Card title={t('standards.suggested')} size="small" data-testid="suggested-weights">
      <Typography.Paragraph type="secondary">{t('standards.suggestedHint', { folds: s?.folds ?? 5 })}</Typography.Paragraph>
      {body}
    </Card>
  );
}
