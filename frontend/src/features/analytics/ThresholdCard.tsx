import { Flex, InputNumber, Slider, Statistic, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRetention, useThreshold } from './api';
import { ChartCard } from './ChartCard';
import { thresholdOption } from './charts';
import type { AnalyticsScope } from './filters';
import { fmt1, formatP, thresholdSentence } from './format';

/** A 0–100 slider that reports its value when let go (one request per choice, not per pixel). */
export function ThresholdSlider({ value, onChange, id }: { value: number; onChange: (v: number) => void; id: string }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return (
    <Flex align="center" gap={8} wrap style={{ marginBottom: 8 }}>
      <Typography.Text id={`${id}-label`}>{t('analytics.threshold.value')}</Typography.Text>
      <Slider
        min={0}
        max={100}
        value={draft}
        onChange={setDraft}
        onChangeComplete={onChange}
        style={{ flex: '1 1 160px', minWidth: 120 }}
        ariaLabelledByForHandle={`${id}-label`}
        data-testid={`${id}-slider`}
      />
      <InputNumber min={0} max={100} value={draft} onChange={(v) => v !== null && onChange(v)} aria-labelledby={`${id}-label`} style={{ width: 72 }} />
    </Flex>
  );
}

interface Props {
  scope: AnalyticsScope;
  dimension: string;
  dimensionName: string;
  outcome: string | undefined;
  threshold: number;
  onThreshold: (v: number) => void;
}

export function ThresholdCard({ scope, dimension, dimensionName, outcome, threshold, onThreshold }: Props) {
  const { t } = useTranslation();
  const query = useThreshold(scope, dimension, threshold, outcome);
  const r = query.data;
  const labels = [t('analytics.threshold.above', { threshold }), t('analytics.threshold.below', { threshold })];
  const option = useMemo(
    () => r && thresholdOption(r, [labels[0]!, labels[1]!], outcome ?? ''),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [r, outcome, threshold, t],
  );
  const data = r && {
    header: [t('analytics.group'), 'n', t('analytics.mean'), t('analytics.threshold.uplift'), 'Welch t', 'p'],
    rows: [
      [labels[0], r.above.n, fmt1(r.above.mean), fmt1(r.uplift_pct), fmt1(r.welch_t), r.p_value],
      [labels[1], r.below.n, fmt1(r.below.mean), '', '', ''],
    ],
  };
  let empty: string | null = null;
  if (!outcome) empty = t('analytics.correlation.chooseOutcome');
  else if (r && !r.enough_data) empty = t('analytics.threshold.notEnough', { above: r.above.n, below: r.below.n, threshold });
  return (
    <ChartCard
      id="threshold"
      title={t('analytics.threshold.title')}
      label={t('analytics.threshold.label', { dimension: dimensionName, threshold })}
      query={outcome ? query : { ...query, isPending: false, isError: false }}
      empty={empty}
      option={option ?? null}
      data={data ?? null}
      height={240}
      controls={<ThresholdSlider id="threshold" value={threshold} onChange={onThreshold} />}
      footer={
        r && (
          <>
            <Flex wrap gap="large" style={{ marginTop: 8 }}>
              <Statistic title={t('analytics.threshold.uplift')} value={r.uplift_pct === null ? '—' : `${fmt1(r.uplift_pct)}%`} />
              <Statistic title="Welch t" value={fmt1(r.welch_t)} />
              <Statistic title="p" value={formatP(r.p_value).slice(1)} />
            </Flex>
            <Typography.Paragraph style={{ marginTop: 8 }} data-testid="threshold-sentence">
              {outcome && thresholdSentence(t, r, dimensionName, outcome, threshold)}
            </Typography.Paragraph>
          </>
        )
      }
    />
  );
}

export function RetentionCard({ scope, dimension, dimensionName, threshold, onThreshold }: Omit<Props, 'outcome'>) {
  const { t } = useTranslation();
  const [months, setMonths] = useState(12);
  const query = useRetention(scope, dimension, threshold, months);
  const r = query.data;
  const labels = [t('analytics.threshold.above', { threshold }), t('analytics.threshold.below', { threshold })];
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : v * 100);
  const option = r && {
    tooltip: { trigger: 'axis', confine: true, valueFormatter: (v: number | null) => `${fmt1(v)}%` },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: [`${labels[0]} (n=${r.above.n})`, `${labels[1]} (n=${r.below.n})`] },
    yAxis: { type: 'value', min: 0, max: 100, name: '%' },
    series: [{ type: 'bar', name: t('analytics.retention.rate'), data: [pct(r.above.share), pct(r.below.share)], barMaxWidth: 64, label: { show: true, position: 'top', formatter: (p: { value: number | null }) => `${fmt1(p.value)}%` } }],
  };
  const data = r && {
    header: [t('analytics.group'), 'n', t('analytics.retention.retained'), t('analytics.retention.rate')],
    rows: [
      [labels[0], r.above.n, r.above.retained, fmt1(pct(r.above.share))],
      [labels[1], r.below.n, r.below.retained, fmt1(pct(r.below.share))],
    ],
  };
  return (
    <ChartCard
      id="retention"
      title={t('analytics.retention.title', { months })}
      label={t('analytics.retention.label', { dimension: dimensionName, threshold, months })}
      query={query}
      empty={r && !r.enough_data ? t('analytics.retention.empty', { n: r.above.n + r.below.n }) : null}
      option={option ?? null}
      data={data ?? null}
      height={240}
      controls={
        <>
          <ThresholdSlider id="retention" value={threshold} onChange={onThreshold} />
          <Flex align="center" gap={8} style={{ marginBottom: 8 }}>
            <Typography.Text id="retention-months">{t('analytics.retention.months')}</Typography.Text>
            <InputNumber min={1} max={60} value={months} onChange={(v) => v && setMonths(v)} aria-labelledby="retention-months" style={{ width: 80 }} />
          </Flex>
        </>
      }
      footer={
        r && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('analytics.retention.summary', {
              difference: fmt1(pct(r.difference)),
              p: formatP(r.p_value),
              excluded: r.excluded,
            })}
          </Typography.Paragraph>
        )
      }
    />
  );
}
