import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../lib/ui/PageHeader';
import { NoticeEditor } from './NoticeEditor';
import { ProcessingRecordsPanel } from './ProcessingRecordsPanel';
import { RetentionPanel } from './RetentionPanel';

const TABS = ['notice', 'retention', 'records'] as const;
type Tab = (typeof TABS)[number];

/** 隐私与合规 (admin): notice editor with preview, retention with preview, processing records. */
export default function PrivacyAdminPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab');
  const tab: Tab = TABS.includes(raw as Tab) ? (raw as Tab) : 'notice';
  return (
    <>
      <PageHeader title={t('privacy.admin.title')} />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'notice', label: t('privacy.admin.tabs.notice'), children: <NoticeEditor /> },
          { key: 'retention', label: t('privacy.admin.tabs.retention'), children: <RetentionPanel /> },
          { key: 'records', label: t('privacy.admin.tabs.records'), children: <ProcessingRecordsPanel /> },
        ]}
      />
    </>
  );
}
