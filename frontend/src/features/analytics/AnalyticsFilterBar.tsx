import { Button, DatePicker, Flex, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { BatchSelect, DepartmentTreeSelect, PositionSelect } from '../../lib/org/lookups';
import type { GroupBy } from './contract';
import { useOutcomeMetrics } from './api';
import { GROUP_BYS, type AnalyticsFilters } from './filters';

const FIELD = { minWidth: 150, flex: '1 1 150px', maxWidth: 240 };
interface Props {
  filters: AnalyticsFilters;
  onChange: (next: AnalyticsFilters) => void;
  dimensions: { code: string; name: string }[];
  /** the outcome shown: the URL's, else the metric most people have (see AnalyticsPage) */
  outcome: string | undefined;
}

/** The workbench's organisation and date filters, plus the dimension, grouping and outcome metric. */
export function AnalyticsFilterBar({ filters, onChange, dimensions, outcome }: Props) {
  const { t } = useTranslation();
  const set = <K extends keyof AnalyticsFilters>(key: K, value: AnalyticsFilters[K]) => onChange({ ...filters, [key]: value || undefined });
  const range: [Dayjs | null, Dayjs | null] = [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null];
  const metrics = useOutcomeMetrics();
  const outcomeOptions = useMemo(() => {
    const known = metrics.data?.metrics ?? [];
    const options = known.map((m) => ({ value: m.metric, label: `${m.metric} · ${t('analytics.metricPeople', { count: m.people })}` }));
    // a metric named in a shared link that this caller has no data for stays visible (its cards say so)
    if (outcome && !known.some((m) => m.metric === outcome)) options.unshift({ value: outcome, label: outcome });
    return options;
  }, [metrics.data, outcome, t]);
  const hasScope = Boolean(filters.department_id || filters.position_id || filters.batch_id || filters.from || filters.to);
  return (
    <Flex vertical gap="small" style={{ marginBottom: 16 }} data-testid="analytics-filters">
      <Flex wrap gap="small" align="center">
        <DepartmentTreeSelect aria-label={t('results.department')} placeholder={t('results.department')} value={filters.department_id} onChange={(v: string | undefined) => set('department_id', v)} style={FIELD} />
        <PositionSelect aria-label={t('results.position')} placeholder={t('results.position')} value={filters.position_id} onChange={(v: string | undefined) => set('position_id', v)} style={FIELD} />
        <BatchSelect aria-label={t('results.batch')} placeholder={t('results.batch')} value={filters.batch_id} onChange={(v: string | undefined) => set('batch_id', v)} style={FIELD} />
        <DatePicker.RangePicker
          aria-label={t('results.interviewedRange')}
          placeholder={[t('results.interviewedRange'), t('results.interviewedRange')]}
          value={range}
          allowEmpty={[true, true]}
          onChange={(v) => onChange({ ...filters, from: v?.[0]?.format('YYYY-MM-DD') ?? undefined, to: v?.[1]?.format('YYYY-MM-DD') ?? undefined })}
          style={{ minWidth: 220, flex: '1 1 220px', maxWidth: 280 }}
        />
        {hasScope && (
          <Button type="link" onClick={() => onChange({ dimension: filters.dimension, group_by: filters.group_by, outcome: filters.outcome })}>
            {t('results.resetFilters')}
          </Button>
        )}
      </Flex>
      <Flex wrap gap="small" align="center">
        <Select<string>
          aria-label={t('analytics.dimension')}
          value={filters.dimension}
          onChange={(v) => onChange({ ...filters, dimension: v })}
          options={[{ value: 'total', label: t('analytics.total') }, ...dimensions.map((d) => ({ value: d.code, label: d.name }))]}
          style={FIELD}
          data-testid="dimension-select"
          prefix={`${t('analytics.dimension')}:`}
        />
        <Select<GroupBy>
          aria-label={t('analytics.groupByLabel')}
          value={filters.group_by}
          onChange={(v) => onChange({ ...filters, group_by: v })}
          options={GROUP_BYS.map((g) => ({ value: g, label: t(`analytics.groupBy.${g}`) }))}
          style={FIELD}
          prefix={`${t('analytics.groupByLabel')}:`}
        />
        <Select<string>
          aria-label={t('analytics.outcome')}
          placeholder={metrics.data && !metrics.data.metrics.length ? t('analytics.noMetrics') : t('analytics.outcomePlaceholder')}
          value={outcome}
          options={outcomeOptions}
          loading={metrics.isPending}
          showSearch
          optionFilterProp="value"
          onChange={(v) => onChange({ ...filters, outcome: v })}
          style={{ minWidth: 200, flex: '1 1 200px', maxWidth: 280 }}
          prefix={`${t('analytics.outcome')}:`}
          data-testid="outcome-input"
        />
      </Flex>
    </Flex>
  );
}
