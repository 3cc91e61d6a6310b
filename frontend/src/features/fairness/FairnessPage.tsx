import { Tabs, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { getUserTimezone } from '../../lib/time';
import { PageHeader } from '../../lib/ui/PageHeader';
import { useAdverseImpact, useImpactOverview } from './api';
import { AuditFilterBar } from './AuditFilterBar';
import { auditFiltersToParams, auditQuery, auditScope, parseAuditFilters, type AuditFilters } from './filters';
import { ImpactDetail } from './ImpactDetail';
import { ImpactOverviewTable } from './ImpactOverviewTable';
import { VendorQualityCard } from './VendorQualityCard';

/** 公平性审计 (admin, auditor): adverse impact per position, and vendor quality. */
export default function FairnessPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'vendors' ? 'vendors' : 'impact';
  const filters = useMemo(() => parseAuditFilters(params), [params]);
  const zone = getUserTimezone();
  const setFilters = useCallback(
    (next: AuditFilters) => setParams(auditFiltersToParams(next, tab === 'impact' ? undefined : tab), { replace: true }),
    [setParams, tab],
  );
  const scope = useMemo(() => auditScope(filters, zone), [filters, zone]);
  const ask = useMemo(() => auditQuery(filters, zone), [filters, zone]);
  const overviewBasis = filters.basis === 'threshold' ? 'threshold' : 'median';
  const overview = useImpactOverview(scope, filters.attribute, overviewBasis, filters.threshold);
  const detail = useAdverseImpact(ask);
  const impact = (
    <>
      <AuditFilterBar filters={filters} onChange={setFilters} vendors={detail.data?.vendors ?? []} />
      <ImpactOverviewTable query={overview} selected={filters.position_id} onOpen={(id) => setFilters({ ...filters, position_id: id })} />
      {ask && <ImpactDetail query={detail} ask={ask} />}
    </>
  );
  return (
    <>
      <PageHeader title={t('fairness.title')} />
      <Typography.Paragraph type="secondary">{t('fairness.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(auditFiltersToParams(filters, key === 'impact' ? undefined : key), { replace: true })}
        items={[
          { key: 'impact', label: t('fairness.tabImpact'), children: impact },
          { key: 'vendors', label: t('fairness.tabVendors'), children: <VendorQualityCard /> },
        ]}
      />
    </>
  );
}
