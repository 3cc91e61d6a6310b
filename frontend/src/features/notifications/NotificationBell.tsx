import { BellOutlined } from '@ant-design/icons';
import { App, Badge, Button, Flex, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState, ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { useIsMobile } from '../../lib/ui/media';
import { useMarkAllRead, useRecentNotifications, useUnreadCount } from './api';
import { NotificationItem } from './NotificationItem';
import { useLiveNotifications } from './useLiveNotifications';

function Panel({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const recent = useRecentNotifications(true);
  const markAll = useMarkAllRead();
  const unread = recent.data?.unread_count ?? 0;
  return (
    <div style={{ width: 'min(360px, calc(100vw - 24px))' }} data-testid="notification-panel">
      <Flex justify="space-between" align="center" style={{ marginBottom: 4 }}>
        <Typography.Text strong>{t('selfservice.notifications.title')}</Typography.Text>
        <Button type="link" disabled={!unread} loading={markAll.isPending} onClick={() => markAll.mutate()} style={{ height: 44 }} data-testid="notifications-read-all">
          {t('selfservice.notifications.markAllRead')}
        </Button>
      </Flex>
      <div style={{ maxHeight: '60vh', overflowY: 'auto' }}>
        {recent.isPending ? (
          <LoadingSkeleton rows={4} />
        ) : recent.isError ? (
          <ErrorState error={recent.error} onRetry={() => void recent.refetch()} />
        ) : recent.data.items.length === 0 ? (
          <EmptyState description={t('selfservice.notifications.empty')} />
        ) : (
          recent.data.items.map((n) => <NotificationItem key={n.id} item={n} onOpen={onClose} />)
        )}
      </div>
      <Flex justify="space-between" style={{ marginTop: 4 }}>
        <Link to="/notifications" onClick={onClose} style={{ lineHeight: '44px' }}>
          {t('selfservice.notifications.viewAll')}
        </Link>
        <Link to="/notifications/preferences" onClick={onClose} style={{ lineHeight: '44px' }}>
          {t('selfservice.notifications.preferences')}
        </Link>
      </Flex>
    </div>
  );
}

/** The header bell: unread count updated live over SSE, the newest notifications on click. */
export function NotificationBell() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [open, setOpen] = useState(false);
  const count = useUnreadCount();
  const status = useLiveNotifications((n) => void message.info({ content: n.title, key: n.id }));
  const unread = count.data ?? 0;
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      // On a phone the bell is not at the right edge: "bottom" shifts the panel onto the screen.
      placement={mobile ? 'bottom' : 'bottomRight'}
      content={<Panel onClose={() => setOpen(false)} />}
      arrow={false}
    >
      <Button
        type="text"
        aria-label={unread ? t('selfservice.notifications.bellCount', { count: unread }) : t('selfservice.notifications.bell')}
        title={status === 'open' ? t('selfservice.notifications.live') : undefined}
        data-testid="notification-bell"
        data-live={status}
        style={{ width: 44, height: 44 }}
      >
        <Badge count={unread} size="small" overflowCount={99} data-testid="notification-count">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
