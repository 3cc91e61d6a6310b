import { Button, DatePicker, Flex, Select, Slider, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BatchSelect, DepartmentTreeSelect, PositionSelect } from '../../lib/org/lookups';
import { SearchBox } from '../../lib/ui/SearchBox';
import { activeFilterCount, DEFAULT_FILTERS, SORT_KEYS, type ResultFilters, type SortKey } from './filters';

interface Props {
  filters: ResultFilters;
  onChange: (next: ResultFilters) => void;
}

const FIELD = { minWidth: 160, flex: '1 1 160px', maxWidth: 240 };
const STACKED = { width: '100%' };

function ScoreRange({ filters, onChange, stacked }: Props & { stacked: boolean }) {
  const { t } = useTranslation();
  const committed: [number, number] = [filters.min_total ?? 0, filters.max_total ?? 100];
  const [value, setValue] = useState(committed);
  const [lo, hi] = committed;
  useEffect(() => setValue([lo, hi]), [lo, hi]);
  return (
    <Flex align="center" gap={8} style={{ minWidth: 200, flex: '1 1 200px', maxWidth: stacked ? undefined : 280 }}>
      <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }} id="score-range-label">
        {t('results.scoreRange')} {value[0]}–{value[1]}
      </Typography.Text>
      <Slider
        range
        min={0}
        max={100}
        value={value}
        onChange={(v) => setValue(v as [number, number])}
        onChangeComplete={(v) => {
          const [min, max] = v as [number, number];
          onChange({ ...filters, min_total: min > 0 ? min : undefined, max_total: max < 100 ? max : undefined });
        }}
        style={{ flex: 1, minWidth: 100 }}
        ariaLabelledByForHandle={['score-range-label', 'score-range-label']}
        data-testid="score-range"
      />
    </Flex>
  );
}

/**
 * The workbench's filters on one line (wrapping on narrow screens); `stacked` lays them out one
 * under another without the search box, for the phone's filter drawer.
 */
export function FilterBar({ filters, onChange, stacked = false }: Props & { stacked?: boolean }) {
  const { t } = useTranslation();
  const field = stacked ? STACKED : FIELD;
  const set = <K extends keyof ResultFilters>(key: K, value: ResultFilters[K]) => onChange({ ...filters, [key]: value || undefined });
  const range: [Dayjs | null, Dayjs | null] = [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null];
  return (
    <Flex wrap={!stacked} vertical={stacked} gap="small" align={stacked ? 'stretch' : 'center'} style={{ marginBottom: 12 }} data-testid="filter-bar">
      {!stacked && <SearchBox value={filters.q ?? ''} onSearch={(q) => set('q', q)} placeholder={t('results.searchPlaceholder')} label={t('results.searchPlaceholder')} />}
      <DepartmentTreeSelect
        aria-label={t('results.department')}
        placeholder={t('results.department')}
        value={filters.department_id}
        onChange={(v: string | undefined) => set('department_id', v)}
        style={field}
      />
      <PositionSelect aria-label={t('results.position')} placeholder={t('results.position')} value={filters.position_id} onChange={(v: string | undefined) => set('position_id', v)} style={field} />
      <BatchSelect aria-label={t('results.batch')} placeholder={t('results.batch')} value={filters.batch_id} onChange={(v: string | undefined) => set('batch_id', v)} style={field} />
      <ScoreRange filters={filters} onChange={onChange} stacked={stacked} />
      <DatePicker.RangePicker
        aria-label={t('results.interviewedRange')}
        placeholder={[t('results.interviewedRange'), t('results.interviewedRange')]}
        value={range}
        allowEmpty={[true, true]}
        onChange={(v) =>
          onChange({ ...filters, from: v?.[0]?.format('YYYY-MM-DD') ?? undefined, to: v?.[1]?.format('YYYY-MM-DD') ?? undefined })
        }
        style={stacked ? STACKED : { minWidth: 220, flex: '1 1 220px', maxWidth: 280 }}
      />
      <Select<'all' | 'true' | 'false'>
        aria-label={t('standards.verdictFilter')}
        value={filters.passed === undefined ? 'all' : String(filters.passed) as 'true' | 'false'}
        onChange={(v) => onChange({ ...filters, passed: v === 'all' ? undefined : v === 'true' })}
        options={[
          { value: 'all', label: t('standards.verdictAll') },
          { value: 'true', label: t('standards.passed') },
          { value: 'false', label: t('standards.failed') },
        ]}
        style={stacked ? STACKED : { minWidth: 130 }}
        data-testid="verdict-filter"
      />
      <Select<SortKey>
        aria-label={t('results.sort')}
        value={filters.sort}
        onChange={(v) => onChange({ ...filters, sort: v })}
        options={SORT_KEYS.map((k) => ({ value: k, label: k.endsWith('weighted_total') ? t(`standards.sortBy.${k}`) : t(`results.sortBy.${k}`) }))}
        style={stacked ? STACKED : { minWidth: 150 }}
        data-testid="sort-select"
      />
      {activeFilterCount(filters) > 0 && (
        <Button type="link" onClick={() => onChange({ ...DEFAULT_FILTERS, sort: filters.sort })}>
          {t('results.resetFilters')}
        </Button>
      )}
    </Flex>
  );
}
