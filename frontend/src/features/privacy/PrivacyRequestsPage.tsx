import { Button, Card, Flex, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrivacyRequest, PrivacyRequestStatus } from '../../api/types';
import { formatDateTime } from '../../lib/time';
import { PageHeader } from '../../lib/ui/PageHeader';
import { ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { QueueEmpty, QueueFilters, useQueueParams } from '../../lib/ui/QueueFilters';
import { Countdown } from '../feedback/Countdown';
import { useRequestQueue, type QueueQuery } from './api';
import { RequestStatusTag } from './MyRequests';
import { RequestMetrics } from './RequestMetrics';
import { ResolveDialog } from './ResolveDialog';

const STATUSES: (PrivacyRequestStatus | 'all')[] = ['open', 'done', 'declined', 'all'];

function RequestCard({ item, onResolve }: { item: PrivacyRequest; onResolve: () => void }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      data-testid="privacy-request"
      style={{ borderInlineStart: `3px solid ${item.overdue ? '#cf1322' : 'transparent'}` }}
    >
      <Flex justify="space-between" gap={8} wrap>
        <Typography.Text strong>
          {item.person?.name ?? '—'}
          {item.person?.employee_no ? <Typography.Text type="secondary">{` · ${item.person.employee_no}`}</Typography.Text> : null}
        </Typography.Text>
        <Flex gap={4} wrap>
          <Tag>{t(`privacy.requests.kinds.${item.kind}`)}</Tag>
          {item.overdue && <Tag color="error">{t('privacy.queue.overdueTag')}</Tag>}
          {item.erased && <Tag color="default">{t('privacy.queue.erasedTag')}</Tag>}
          <RequestStatusTag status={item.status} />
        </Flex>
      </Flex>
      <Typography.Paragraph style={{ margin: '6px 0', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{item.message}</Typography.Paragraph>
      <Flex justify="space-between" align="center" gap={8} wrap>
        {item.status === 'open' ? (
          <Countdown dueAt={item.due_at} />
        ) : (
          <Typography.Text type="secondary">{item.note}</Typography.Text>
        )}
        <Flex gap={8} align="center">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(item.created_at)}
          </Typography.Text>
          {item.status === 'open' && (
            <Button type="primary" onClick={onResolve} style={{ minHeight: 44 }}>
              {t('privacy.queue.resolve')}
            </Button>
          )}
        </Flex>
      </Flex>
    </Card>
  );
}

/** HR's privacy request queue, by time left, with SLA metrics. */
export default function PrivacyRequestsPage() {
  const { t } = useTranslation();
  const { status, overdue, update } = useQueueParams<PrivacyRequestStatus>();
  const query: QueueQuery = { ...(status !== 'all' ? { status } : {}), ...(overdue ? { overdue: true } : {}) };
  const list = useRequestQueue(query);
  const [resolving, setResolving] = useState<PrivacyRequest | null>(null);
  return (
    <>
      <PageHeader title={t('privacy.queue.title')} />
      <RequestMetrics />
      <QueueFilters
        statuses={STATUSES}
        status={status}
        overdue={overdue}
        update={update}
        statusLabel={(s) => (s === 'all' ? t('privacy.queue.all') : t(`privacy.requests.status.${s}`))}
        ariaLabel={t('privacy.queue.statusFilter')}
        overdueLabel={t('privacy.queue.overdueOnly')}
      />
      {list.isPending ? (
        <LoadingSkeleton rows={6} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        <QueueEmpty
          filtered={status !== 'all' || overdue}
          update={update}
          description={t('privacy.queue.empty')}
          showAll={t('privacy.queue.emptyAll')}
        />
      ) : (
        <Flex vertical gap={8} data-testid="privacy-queue">
          {list.items.map((item) => (
            <RequestCard key={item.id} item={item} onResolve={() => setResolving(item)} />
          ))}
          {list.hasNextPage && (
            <Button block type="text" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} style={{ minHeight: 44 }}>
              {t('common.loadMore')}
            </Button>
          )}
        </Flex>
      )}
      {resolving && <ResolveDialog request={resolving} onClose={() => setResolving(null)} />}
    </>
  );
}
