import { Button, Col, Drawer, Flex, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FeedbackItem } from '../../api/types';
import { formatRelative } from '../../lib/time';
import { PageHeader } from '../../lib/ui/PageHeader';
import { EmptyState, ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { QueueEmpty, QueueFilters, useQueueParams } from '../../lib/ui/QueueFilters';
import { useIsMobile } from '../../lib/ui/media';
import { useFeedbackList, type FeedbackStatus, type InboxQuery } from './api';
import { Countdown } from './Countdown';
import { FeedbackPanel } from './FeedbackPanel';
import { FeedbackStatusTag } from './FeedbackThread';
import { SlaMetrics } from './SlaMetrics';

const STATUSES: (FeedbackStatus | 'all')[] = ['open', 'answered', 'resolved', 'all'];

function Row1({ item, selected, onSelect }: { item: FeedbackItem; selected: boolean; onSelect: () => void }) {
  const { t } = useTranslation();
  const overdue = item.overdue;
  return (
    <button
      type="button"
      onClick={onSelect}
      aria-current={selected || undefined}
      data-testid="feedback-row"
      data-overdue={overdue || undefined}
      style={{
        display: 'block',
        width: '100%',
        textAlign: 'start',
        border: 0,
        borderInlineStart: `3px solid ${overdue ? '#cf1322' : 'transparent'}`,
        borderBottom: '1px solid #f0f0f0',
        background: selected ? '#e6f4ff' : overdue ? '#fff1f0' : 'transparent',
        padding: '10px 12px',
        cursor: 'pointer',
        font: 'inherit',
        minHeight: 44,
      }}
    >
      <Flex justify="space-between" gap={8} wrap>
        <Typography.Text strong>{item.person.name}</Typography.Text>
        <Flex gap={4}>
          {overdue && <Tag color="error">{t('selfservice.inbox.overdueTag')}</Tag>}
          <FeedbackStatusTag status={item.status} />
        </Flex>
      </Flex>
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: '2px 0' }}>
        {item.message}
      </Typography.Paragraph>
      <Flex justify="space-between" gap={8} wrap style={{ fontSize: 12 }}>
        {item.status === 'open' ? <Countdown dueAt={item.due_at} /> : <Typography.Text type="secondary">{formatRelative(item.created_at)}</Typography.Text>}
        <Typography.Text type="secondary">{item.assignee?.name ?? t('selfservice.inbox.unassigned')}</Typography.Text>
      </Flex>
    </button>
  );
}

export default function FeedbackInboxPage() {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const { params, status, overdue, update } = useQueueParams<FeedbackStatus>();
  const selected = params.get('id');
  const query: InboxQuery = { ...(status !== 'all' ? { status } : {}), ...(overdue ? { overdue: true } : {}) };
  const list = useFeedbackList(query);

  const listView = (
    <>
      <QueueFilters
        statuses={STATUSES}
        status={status}
        overdue={overdue}
        update={update}
        statusLabel={(s) => (s === 'all' ? t('selfservice.inbox.all') : t(`selfservice.feedback.status.${s}`))}
        ariaLabel={t('selfservice.inbox.statusFilter')}
        overdueLabel={t('selfservice.inbox.overdueOnly')}
      />
      {list.isPending ? (
        <LoadingSkeleton rows={8} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        <QueueEmpty
          filtered={status !== 'all' || overdue}
          update={update}
          description={t('selfservice.inbox.empty')}
          showAll={t('selfservice.inbox.emptyAll')}
        />
      ) : (
        <div data-testid="feedback-list" style={{ border: '1px solid #f0f0f0', borderRadius: 8, overflow: 'hidden' }}>
          {list.items.map((item) => (
            <Row1 key={item.id} item={item} selected={item.id === selected} onSelect={() => update({ id: item.id })} />
          ))}
          {list.hasNextPage && (
            <Button block type="text" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} style={{ minHeight: 44 }}>
              {t('common.loadMore')}
            </Button>
          )}
        </div>
      )}
    </>
  );

  return (
    <>
      <PageHeader title={t('selfservice.inbox.title')} />
      <SlaMetrics />
      {mobile ? (
        <>
          {listView}
          <Drawer open={Boolean(selected)} onClose={() => update({ id: null })} width="100%" title={t('selfservice.inbox.title')} destroyOnHidden>
            {selected && <FeedbackPanel id={selected} />}
          </Drawer>
        </>
      ) : (
        <Row gutter={16}>
          <Col span={10}>{listView}</Col>
          <Col span={14}>
            {selected ? (
              <FeedbackPanel key={selected} id={selected} />
            ) : (
              <EmptyState description={t('selfservice.inbox.select')} />
            )}
          </Col>
        </Row>
      )}
    </>
  );
}
