import { AutoComplete, Button, DatePicker, Flex, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BatchSelect, DepartmentTreeSelect, PositionSelect } from '../../lib/org/lookups';
import type { GroupBy } from './contract';
import { useOutcomeMetrics } from './api';
import { GROUP_BYS, type AnalyticsFilters } from './filters';

const FIELD = { minWidth: 150, flex: '1 1 150px', maxWidth: 240 };
const RECENT_KEY = 'sb.analytics.outcomes';

/** Performance metrics this browser asked about before (offered first). */
function recentOutcomes(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 10) : [];
  } catch {
    return [];
  }
}

function remember(outcome: string) {
  try {
    localStorage.setItem(RECENT_KEY, JSON.stringify([outcome, ...recentOutcomes().filter((o) => o !== outcome)].slice(0, 10)));
  } catch {
    // private mode
  }
}

interface Props {
  filters: AnalyticsFilters;
  onChange: (next: AnalyticsFilters) => void;
  dimensions: { code: string; name: string }[];
}

/** The workbench's organisation and date filters, plus the dimension, grouping and outcome metric. */
export function AnalyticsFilterBar({ filters, onChange, dimensions }: Props) {
  const { t } = useTranslation();
  const set = <K extends keyof AnalyticsFilters>(key: K, value: AnalyticsFilters[K]) => onChange({ ...filters, [key]: value || undefined });
  const range: [Dayjs | null, Dayjs | null] = [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null];
  const [outcome, setOutcome] = useState(filters.outcome ?? '');
  useEffect(() => setOutcome(filters.outcome ?? ''), [filters.outcome]);
  const commitOutcome = (value: string) => {
    const v = value.trim();
    if (v) remember(v);
    if (v !== (filters.outcome ?? '')) onChange({ ...filters, outcome: v || undefined });
  };
  const metrics = useOutcomeMetrics();
  const outcomeOptions = useMemo(() => {
    const known = new Map((metrics.data?.metrics ?? []).map((m) => [m.metric, m]));
    const names = [...recentOutcomes().filter((o) => known.has(o)), ...known.keys()];
    return [...new Set(names)].map((name) => ({
      value: name,
      label: `${name} · ${t('analytics.metricPeople', { count: known.get(name)?.people ?? 0 })}`,
    }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- recent outcomes change with filters.outcome
  }, [metrics.data, filters.outcome, t]);
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
        <AutoComplete
          aria-label={t('analytics.outcome')}
          placeholder={t('analytics.outcomePlaceholder')}
          value={outcome}
          options={outcomeOptions}
          filterOption={(input, option) => String(option?.value ?? '').toLowerCase().includes(input.trim().toLowerCase())}
          onChange={setOutcome}
          onSelect={commitOutcome}
          onBlur={() => commitOutcome(outcome)}
          onKeyDown={(e) => e.key === 'Enter' && commitOutcome(outcome)}
          allowClear
          onClear={() => commitOutcome('')}
          style={{ minWidth: 200, flex: '1 1 200px', maxWidth: 280 }}
          data-testid="outcome-input"
        />
      </Flex>
    </Flex>
  );
}
