import { Button, Drawer, Flex, Modal, Select, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CursorTable } from '../../lib/list/CursorTable';
import { useCursorList } from '../../lib/list/useCursorList';
import { formatDateTime } from '../../lib/time';
import { useIsMobile } from '../../lib/ui/media';
import { fetchMessages, webhookKeys } from './api';
import { MESSAGE_STATUSES, formatPayload, isMessageStatus, messageStatusColor, type MessageStatus, type WebhookEndpoint, type WebhookMessage } from './webhooks';

export function MessageStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Tag color={messageStatusColor(status)}>{isMessageStatus(status) ? t(`webhooks.messageStatus.${status}`) : status}</Tag>;
}

function MessagesTable({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<MessageStatus | undefined>();
  const [viewing, setViewing] = useState<WebhookMessage | null>(null);
  const list = useCursorList(webhookKeys.messages(endpoint.id, status), (cursor) => fetchMessages(endpoint.id, status, cursor));

  const columns: TableColumnsType<WebhookMessage> = [
    { title: t('webhooks.eventType'), key: 'event_type', render: (_, m) => <Typography.Text code>{m.event_type}</Typography.Text> },
    { title: t('webhooks.status'), key: 'status', render: (_, m) => <MessageStatusTag status={m.status} /> },
    { title: t('webhooks.attempts'), dataIndex: 'attempts', key: 'attempts', align: 'right' },
    {
      title: t('webhooks.lastError'),
      key: 'last_error',
      render: (_, m) =>
        m.last_error ? (
          <Typography.Paragraph type="danger" ellipsis={{ rows: 2, tooltip: m.last_error }} style={{ margin: 0, maxWidth: 280 }}>
            {m.last_error}
          </Typography.Paragraph>
        ) : null,
    },
    { title: t('webhooks.createdAt'), key: 'created_at', render: (_, m) => formatDateTime(m.created_at) },
    { title: t('webhooks.deliveredAt'), key: 'delivered_at', render: (_, m) => formatDateTime(m.delivered_at) || '—' },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, m) => (
        <Button type="link" size="small" onClick={() => setViewing(m)} data-testid="message-payload">
          {t('webhooks.viewPayload')}
        </Button>
      ),
    },
  ];

  return (
    <Flex vertical gap="middle" data-testid="webhook-messages">
      <Select<MessageStatus | 'all'>
        aria-label={t('webhooks.status')}
        value={status ?? 'all'}
        onChange={(v) => setStatus(v === 'all' ? undefined : v)}
        style={{ width: 180 }}
        options={[
          { value: 'all', label: t('webhooks.allStatuses') },
          ...MESSAGE_STATUSES.map((s) => ({ value: s, label: t(`webhooks.messageStatus.${s}`) })),
        ]}
        data-testid="message-status-filter"
      />
      <CursorTable<WebhookMessage>
        list={list}
        rowKey="id"
        columns={columns}
        empty={status ? t('webhooks.messagesEmptyFiltered') : t('webhooks.messagesEmpty')}
        emptyAction={status ? <Button onClick={() => setStatus(undefined)}>{t('webhooks.allStatuses')}</Button> : undefined}
      />
      <Modal
        open={viewing !== null}
        title={t('webhooks.payloadTitle', { event: viewing?.event_type ?? '' })}
        onCancel={() => setViewing(null)}
        width={720}
        footer={<Button onClick={() => setViewing(null)}>{t('common.close')}</Button>}
      >
        <Typography.Paragraph copyable={{ text: formatPayload(viewing?.payload) }} style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">{t('webhooks.payload')}</Typography.Text>
        </Typography.Paragraph>
        <pre style={{ maxHeight: 480, overflow: 'auto', margin: 0, padding: 12, background: 'rgba(0,0,0,0.04)', borderRadius: 6 }} data-testid="payload-json">
          {formatPayload(viewing?.payload)}
        </pre>
      </Modal>
    </Flex>
  );
}

/** The delivery log of one endpoint, newest first, with a status filter. */
export function MessagesDrawer({ endpoint, onClose }: { endpoint: WebhookEndpoint | null; onClose: () => void }) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  return (
    <Drawer
      open={endpoint !== null}
      onClose={onClose}
      width={mobile ? '100%' : 960}
      title={endpoint ? t('webhooks.messagesTitle', { url: endpoint.url }) : ''}
      destroyOnHidden
    >
      {endpoint && <MessagesTable key={endpoint.id} endpoint={endpoint} />}
    </Drawer>
  );
}
