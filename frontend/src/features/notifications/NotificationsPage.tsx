import { SettingOutlined } from '@ant-design/icons';
import { Button, Flex, Segmented } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState, ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { PageHeader } from '../../lib/ui/PageHeader';
import { useMarkAllRead, useNotificationList } from './api';
import { NotificationItem } from './NotificationItem';

export default function NotificationsPage() {
  const { t } = useTranslation();
  const [unread, setUnread] = useState(false);
  const list = useNotificationList(unread);
  const markAll = useMarkAllRead();
  return (
    <>
      <PageHeader
        title={t('selfservice.notifications.title')}
        extra={
          <Link to="/notifications/preferences">
            <Button icon={<SettingOutlined />} style={{ minHeight: 44 }}>
              {t('selfservice.notifications.preferences')}
            </Button>
          </Link>
        }
      />
      <Flex justify="space-between" align="center" wrap gap="small" style={{ marginBottom: 8 }}>
        <Segmented
          value={unread ? 'unread' : 'all'}
          onChange={(v) => setUnread(v === 'unread')}
          aria-label={t('selfservice.notifications.unreadOnly')}
          options={[
            { value: 'all', label: t('selfservice.inbox.all') },
            { value: 'unread', label: t('selfservice.notifications.unread') },
          ]}
        />
        <Button onClick={() => markAll.mutate()} loading={markAll.isPending} style={{ minHeight: 44 }}>
          {t('selfservice.notifications.markAllRead')}
        </Button>
      </Flex>
      {list.isPending ? (
        <LoadingSkeleton rows={6} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        <EmptyState
          description={unread ? t('selfservice.notifications.emptyUnread') : t('selfservice.notifications.empty')}
          action={
            <Link to="/notifications/preferences">
              <Button type="primary">{t('selfservice.notifications.preferences')}</Button>
            </Link>
          }
        />
      ) : (
        <div data-testid="notification-list">
          {list.items.map((n) => (
            <NotificationItem key={n.id} item={n} />
          ))}
          {list.hasNextPage && (
            <Flex justify="center" style={{ marginTop: 12 }}>
              <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} style={{ minHeight: 44 }}>
                {t('common.loadMore')}
              </Button>
            </Flex>
          )}
        </div>
      )}
    </>
  );
}
