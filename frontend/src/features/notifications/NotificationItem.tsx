import { CheckOutlined } from '@ant-design/icons';
import { Badge, Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { AppNotification } from '../../api/types';
import { formatDateTime, formatRelative } from '../../lib/time';
import { useMarkRead } from './api';

/** One notification: opening it marks it read and goes to what it is about. */
export function NotificationItem({ item, onOpen }: { item: AppNotification; onOpen?: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const markRead = useMarkRead();
  const unread = !item.read_at;
  const open = () => {
    if (unread) markRead.mutate(item.id);
    onOpen?.();
    if (item.link && item.link.startsWith('/')) navigate(item.link);
  };
  return (
    <Flex
      gap={8}
      align="start"
      data-testid="notification-item"
      data-unread={unread || undefined}
      style={{ padding: '10px 4px', borderBottom: '1px solid #f0f0f0', minHeight: 44 }}
    >
      <Badge status={unread ? 'processing' : 'default'} style={{ marginTop: 8 }} aria-label={unread ? t('selfservice.notifications.unread') : undefined} />
      <button
        type="button"
        onClick={open}
        style={{ flex: 1, minWidth: 0, textAlign: 'start', background: 'none', border: 0, padding: 0, cursor: 'pointer', font: 'inherit' }}
      >
        <Typography.Text strong={unread} style={{ display: 'block' }}>
          {item.title}
        </Typography.Text>
        <Typography.Paragraph type="secondary" style={{ margin: 0, wordBreak: 'break-word' }} ellipsis={{ rows: 3 }}>
          {item.body}
        </Typography.Paragraph>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} title={formatDateTime(item.created_at)}>
          {t(`selfservice.kind.${item.kind}`, { defaultValue: item.kind })} · {formatRelative(item.created_at)}
        </Typography.Text>
      </button>
      {unread && (
        <Button
          type="text"
          icon={<CheckOutlined />}
          aria-label={t('selfservice.notifications.markRead')}
          title={t('selfservice.notifications.markRead')}
          data-testid="notification-mark-read"
          loading={markRead.isPending}
          onClick={() => markRead.mutate(item.id)}
          style={{ width: 44, height: 44, flex: 'none' }}
        />
      )}
    </Flex>
  );
}
