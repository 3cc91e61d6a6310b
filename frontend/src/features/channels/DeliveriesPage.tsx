import { Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotificationDelivery } from '../../api/types';
import { formatDateTime } from '../../lib/time';
import { PageHeader } from '../../lib/ui/PageHeader';
import { EmptyState, ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { useNotificationDeliveries, type DeliveryStatusName } from './api';
import { CHANNEL_KINDS, type ChannelKind } from './channelForm';

const STATUS_COLOR: Record<DeliveryStatusName, string> = { sent: 'success', failed: 'error', retrying: 'warning' };

/** Every attempt to send a notification on an external channel (admin, HR). */
export default function DeliveriesPage() {
  const { t } = useTranslation();
  const [channel, setChannel] = useState<ChannelKind | undefined>();
  const [status, setStatus] = useState<DeliveryStatusName | undefined>();
  const list = useNotificationDeliveries({ ...(channel ? { channel } : {}), ...(status ? { status } : {}) });
  return (
    <>
      <PageHeader title={t('menu.notification-deliveries')} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<ChannelKind>
          allowClear
          aria-label={t('selfservice.channels.deliveries.channelFilter')}
          placeholder={t('selfservice.channels.deliveries.channelFilter')}
          value={channel}
          onChange={setChannel}
          style={{ minWidth: 140 }}
          options={CHANNEL_KINDS.map((k) => ({ value: k, label: t(`selfservice.prefs.channel.${k}`) }))}
        />
        <Select<DeliveryStatusName>
          allowClear
          aria-label={t('selfservice.channels.deliveries.statusFilter')}
          placeholder={t('selfservice.channels.deliveries.statusFilter')}
          value={status}
          onChange={setStatus}
          style={{ minWidth: 140 }}
          options={(['sent', 'failed', 'retrying'] as const).map((s) => ({ value: s, label: t(`selfservice.channels.deliveries.statusName.${s}`) }))}
        />
      </Space>
      {list.isPending ? (
        <LoadingSkeleton rows={8} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        <EmptyState description={t('selfservice.channels.deliveries.empty')} />
      ) : (
        <Table<NotificationDelivery>
          rowKey="id"
          size="middle"
          dataSource={list.items}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="notification-deliveries"
          columns={[
            { title: t('selfservice.channels.deliveries.at'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
            { title: t('selfservice.channels.deliveries.channel'), dataIndex: 'channel', render: (v: string) => t(`selfservice.prefs.channel.${v}`, { defaultValue: v }) },
            { title: t('selfservice.channels.deliveries.kind'), dataIndex: 'kind', render: (v: string) => t(`selfservice.kind.${v}`, { defaultValue: v }) },
            { title: t('selfservice.channels.deliveries.attempt'), dataIndex: 'attempt' },
            {
              title: t('selfservice.channels.deliveries.status'),
              dataIndex: 'status',
              render: (v: DeliveryStatusName) => <Tag color={STATUS_COLOR[v]}>{t(`selfservice.channels.deliveries.statusName.${v}`)}</Tag>,
            },
            {
              title: t('selfservice.channels.deliveries.error'),
              dataIndex: 'error',
              render: (v: string | null) => (v ? <Typography.Text type="danger" style={{ maxWidth: 360, display: 'inline-block', wordBreak: 'break-word' }}>{v}</Typography.Text> : '—'),
            },
          ]}
          footer={
            list.hasNextPage
              ? () => (
                  <a onClick={() => void list.fetchNextPage()} role="button">
                    {t('common.loadMore')}
                  </a>
                )
              : undefined
          }
        />
      )}
    </>
  );
}
