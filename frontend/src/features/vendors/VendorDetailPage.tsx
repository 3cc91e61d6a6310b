import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useSearchParam } from '../../lib/list/useSearchParam';
import { PageHeader } from '../../lib/ui/PageHeader';
import { ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { useVendor } from './api';
import { DeliveriesLog } from './DeliveriesLog';
import { MappingEditor } from './MappingEditor';
import { VendorHealth } from './VendorHealth';
import { VendorSettings } from './VendorSettings';
import { VendorQualityCard } from '../fairness/VendorQualityCard';

const TABS = ['mapping', 'deliveries', 'quality', 'settings'] as const;

export default function VendorDetailPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { slug = '' } = useParams();
  const vendor = useVendor(slug);
  const [rawTab, setTab] = useSearchParam('tab');
  const tab = (TABS as readonly string[]).includes(rawTab) ? rawTab : 'mapping';
  const back = (
    <Button icon={<ArrowLeftOutlined aria-hidden />} onClick={() => navigate('/vendors')}>
      {t('vendors.backToList')}
    </Button>
  );

  if (vendor.isPending) return <LoadingSkeleton />;
  if (vendor.isError) return <ErrorState error={vendor.error} onRetry={() => void vendor.refetch()} />;
  const v = vendor.data;
  return (
    <>
      <PageHeader
        title={
          <>
            {v.name} <Typography.Text code>{v.slug}</Typography.Text>{' '}
            <Tag color={v.is_active ? 'green' : 'default'}>{v.is_active ? t('vendors.active') : t('vendors.inactive')}</Tag>
          </>
        }
        extra={back}
      />
      <div style={{ marginBottom: 16 }}>
        <VendorHealth vendor={v} />
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k === 'mapping' ? '' : k)}
        items={[
          { key: 'mapping', label: t('vendors.tabMapping'), children: <MappingEditor key={v.id} vendor={v} /> },
          { key: 'deliveries', label: t('vendors.tabDeliveries'), children: <DeliveriesLog slug={v.slug} /> },
          { key: 'quality', label: t('fairness.tabVendors'), children: <VendorQualityCard vendorId={v.id} /> },
          { key: 'settings', label: t('vendors.tabSettings'), children: <VendorSettings vendor={v} /> },
        ]}
      />
    </>
  );
}
