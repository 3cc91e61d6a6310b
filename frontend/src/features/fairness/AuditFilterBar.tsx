import { Button, DatePicker, Flex, InputNumber, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { BatchSelect, PositionSelect } from '../../lib/org/lookups';
import { ATTRIBUTES, BASES, type Attribute, type Basis } from './contract';
import { DEFAULT_THRESHOLD, type AuditFilters } from './filters';

const FIELD = { minWidth: 150, flex: '1 1 150px', maxWidth: 240 };

interface Props {
  filters: AuditFilters;
  onChange: (next: AuditFilters) => void;
  /** vendors to filter by (from the audit's answer) */
  vendors: { id: string; name: string }[];
}

/** Position, attribute, basis (and threshold), batch, vendor and interview period. */
export function AuditFilterBar({ filters, onChange, vendors }: Props) {
  const { t } = useTranslation();
  const set = <K extends keyof AuditFilters>(key: K, value: AuditFilters[K]) => onChange({ ...filters, [key]: value });
  const range: [Dayjs | null, Dayjs | null] = [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null];
  const narrowed = Boolean(filters.batch_id || filters.vendor_id || filters.from || filters.to);
  return (
    <Flex vertical gap="small" style={{ marginBottom: 16 }} data-testid="fairness-filters">
      <Flex wrap gap="small" align="center">
        <PositionSelect
          aria-label={t('fairness.position')}
          placeholder={t('fairness.choosePosition')}
          value={filters.position_id}
          onChange={(v: string | undefined) => set('position_id', v || undefined)}
          style={{ ...FIELD, maxWidth: 280 }}
          data-testid="fairness-position"
        />
        <Select<Attribute>
          aria-label={t('fairness.attribute')}
          value={filters.attribute}
          onChange={(v) => set('attribute', v)}
          options={ATTRIBUTES.map((a) => ({ value: a, label: t(`fairness.attributes.${a}`) }))}
          prefix={`${t('fairness.attribute')}:`}
          style={FIELD}
          data-testid="fairness-attribute"
        />
        <Select<Basis>
          aria-label={t('fairness.basis')}
          value={filters.basis}
          onChange={(v) => set('basis', v)}
          options={BASES.map((b) => ({ value: b, label: t(`fairness.bases.${b}`) }))}
          prefix={`${t('fairness.basis')}:`}
          style={{ ...FIELD, maxWidth: 260 }}
          data-testid="fairness-basis"
        />
        {filters.basis === 'threshold' && (
          <InputNumber<number>
            aria-label={t('fairness.threshold')}
            min={0}
            max={100}
            step={1}
            value={filters.threshold}
            onChange={(v) => set('threshold', v ?? DEFAULT_THRESHOLD)}
            addonBefore={t('fairness.threshold')}
            style={{ width: 180 }}
          />
        )}
      </Flex>
      <Flex wrap gap="small" align="center">
        <BatchSelect aria-label={t('fairness.batch')} placeholder={t('fairness.batch')} value={filters.batch_id} onChange={(v: string | undefined) => set('batch_id', v || undefined)} style={FIELD} />
        <Select<string>
          aria-label={t('fairness.vendor')}
          placeholder={t('fairness.vendor')}
          allowClear
          value={filters.vendor_id}
          onChange={(v) => set('vendor_id', v || undefined)}
          options={vendors.map((v) => ({ value: v.id, label: v.name }))}
          style={FIELD}
        />
        <DatePicker.RangePicker
          aria-label={t('fairness.period')}
          placeholder={[t('fairness.period'), t('fairness.period')]}
          value={range}
          allowEmpty={[true, true]}
          onChange={(v) => onChange({ ...filters, from: v?.[0]?.format('YYYY-MM-DD') ?? undefined, to: v?.[1]?.format('YYYY-MM-DD') ?? undefined })}
          style={{ minWidth: 220, flex: '1 1 220px', maxWidth: 280 }}
        />
        {narrowed && (
          <Button type="link" onClick={() => onChange({ ...filters, batch_id: undefined, vendor_id: undefined, from: undefined, to: undefined })}>
            {t('results.resetFilters')}
          </Button>
        )}
      </Flex>
    </Flex>
  );
}
