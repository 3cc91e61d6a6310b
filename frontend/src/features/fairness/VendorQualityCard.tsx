import { Flex, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChartCard } from '../analytics/ChartCard';
import { fmt1, fmt2, formatP } from '../analytics/format';
import { useVendorQuality } from './api';
import { vendorQualityOption } from './charts';
import type { VendorQualityRow } from './contract';

interface Props {
  /** the outcome metric; without it the card offers a picker */
  outcome?: string;
  /** one vendor only (the vendor page) */
  vendorId?: string;
}

/** Per vendor: monthly mean with shifts ("the vendor changed their model") and validity r. */
export function VendorQualityCard({ outcome: given, vendorId }: Props) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<string | undefined>();
  const outcome = given ?? picked;
  const query = useVendorQuality(outcome, vendorId);
  const rows = useMemo(() => query.data?.vendors ?? [], [query.data]);
  const option = useMemo(
    () => vendorQualityOption(rows, { mean: t('fairness.vendorQuality.mean'), shift: t('fairness.vendorQuality.shift') }),
    [rows, t],
  );
  const data = useMemo(
    () => ({
      header: [
        t('fairness.vendorQuality.vendor'),
        t('fairness.vendorQuality.month'),
        'n',
        t('fairness.vendorQuality.mean'),
        t('fairness.vendorQuality.sd'),
        t('fairness.vendorQuality.baseline'),
        t('fairness.vendorQuality.z'),
        t('fairness.vendorQuality.shift'),
      ],
      rows: rows.flatMap((r) =>
        r.months.map((m) => [r.vendor.name, m.month, m.n, fmt1(m.mean), fmt1(m.sd), fmt1(m.baseline_mean), fmt2(m.z), m.shift ? 1 : 0]),
      ),
    }),
    [rows, t],
  );
  const picker =
    given === undefined ? (
      <Flex gap="small" align="center" wrap style={{ marginBottom: 8 }}>
        <Select<string>
          aria-label={t('fairness.vendorQuality.validity')}
          placeholder={t('fairness.vendorQuality.chooseOutcome')}
          allowClear
          value={picked}
          onChange={(v) => setPicked(v || undefined)}
          options={(query.data?.metrics ?? []).map((m) => ({ value: m, label: m }))}
          style={{ minWidth: 220 }}
          data-testid="vendor-quality-outcome"
        />
      </Flex>
    ) : null;
  const columns = [
    { title: t('fairness.vendorQuality.vendor'), key: 'vendor', render: (_: unknown, r: VendorQualityRow) => r.vendor.name },
    { title: 'n', dataIndex: 'n', key: 'n' },
    {
      title: t('fairness.vendorQuality.shift'),
      key: 'shift',
      render: (_: unknown, r: VendorQualityRow) =>
        r.shifted_months.length ? (
          <Tooltip title={t('fairness.vendorQuality.shifted', { months: r.shifted_months.join(', ') })}>
            <Flex gap={4} wrap>
              {r.shifted_months.map((m) => (
                <Tag color="red" key={m}>
                  {m}
                </Tag>
              ))}
            </Flex>
          </Tooltip>
        ) : (
          <Typography.Text type="secondary">{t('fairness.vendorQuality.steady')}</Typography.Text>
        ),
    },
    {
      title: outcome ? t('fairness.vendorQuality.validityOf', { outcome }) : t('fairness.vendorQuality.validity'),
      key: 'validity',
      render: (_: unknown, r: VendorQualityRow) => {
        const v = r.validity;
        if (!v) return <Typography.Text type="secondary">—</Typography.Text>;
        if (!v.enough_data || v.r === null || v.r === undefined) return t('fairness.vendorQuality.notEnough', { n: v.n });
        const ci = v.ci95 ? ` · ${t('fairness.vendorQuality.ci')} [${fmt2(v.ci95[0])}, ${fmt2(v.ci95[1])}]` : '';
        return `r=${fmt2(v.r)}, ${formatP(v.p_value)}, n=${v.n}${ci}`;
      },
    },
  ];
  return (
    <ChartCard
      id="vendor-quality"
      title={t('fairness.vendorQuality.title')}
      label={t('fairness.vendorQuality.label')}
      query={query}
      empty={rows.length === 0 ? t('fairness.vendorQuality.empty') : null}
      option={option}
      data={data}
      controls={picker}
      footer={
        <Table<VendorQualityRow>
          size="small"
          rowKey={(r) => r.vendor.id}
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: true }}
          style={{ marginTop: 12 }}
          data-testid="vendor-quality-table"
        />
      }
    />
  );
}
