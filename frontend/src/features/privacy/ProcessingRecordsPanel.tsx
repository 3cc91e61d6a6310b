import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Flex, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProcessingRecord } from '../../api/types';
import { errorMessage } from '../../lib/problem';
import { EmptyState, ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { download, useProcessingRecords } from './api';

/** Admin: records of processing per vendor, channel, identity provider and endpoint; XLSX. */
export function ProcessingRecordsPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const records = useProcessingRecords();
  const xlsx = async () => {
    try {
      await download('/api/v1/processing-records?format=xlsx', 'processing-records.xlsx');
    } catch (err) {
      void message.error(errorMessage(err, t));
    }
  };
  const columns = [
    {
      key: 'kind',
      title: t('privacy.admin.records.columns.kind'),
      render: (_: unknown, r: ProcessingRecord) => (
        <Flex vertical gap={2}>
          <span>{t(`privacy.admin.records.kind.${r.kind}`)}</span>
          <Tag color={r.enabled ? 'success' : 'default'}>{r.enabled ? t('privacy.admin.records.enabled') : t('privacy.admin.records.disabled')}</Tag>
        </Flex>
      ),
    },
    { key: 'name', title: t('privacy.admin.records.columns.name'), dataIndex: 'name' },
    { key: 'purpose', title: t('privacy.admin.records.columns.purpose'), dataIndex: 'purpose', width: 240 },
    { key: 'categories', title: t('privacy.admin.records.columns.categories'), render: (_: unknown, r: ProcessingRecord) => r.data_categories.join('、') },
    { key: 'recipients', title: t('privacy.admin.records.columns.recipients'), render: (_: unknown, r: ProcessingRecord) => r.recipients.join('、') },
    { key: 'retention', title: t('privacy.admin.records.columns.retention'), dataIndex: 'retention', width: 220 },
    {
      key: 'counts',
      title: t('privacy.admin.records.columns.counts'),
      render: (_: unknown, r: ProcessingRecord) => Object.entries(r.counts_90d).map(([k, n]) => `${k}: ${n}`).join(' · '),
    },
  ];
  return (
    <Flex vertical gap={12}>
      <Flex justify="flex-end">
        <Button icon={<DownloadOutlined aria-hidden />} onClick={() => void xlsx()} style={{ minHeight: 44 }}>
          {t('privacy.admin.records.download')}
        </Button>
      </Flex>
      {records.isPending ? (
        <LoadingSkeleton rows={5} />
      ) : records.isError ? (
        <ErrorState error={records.error} onRetry={() => void records.refetch()} />
      ) : records.data.items.length === 0 ? (
        <EmptyState description={t('privacy.admin.records.empty')} />
      ) : (
        <Table
          rowKey={(r) => `${r.kind}:${r.key}`}
          columns={columns}
          dataSource={records.data.items}
          pagination={false}
          size="small"
          scroll={{ x: 1100 }}
        />
      )}
    </Flex>
  );
}
