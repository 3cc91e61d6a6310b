import { App, Button, Card, Descriptions, Flex, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAuth } from '../../lib/auth/context';
import { errorMessage } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { ScoreBar } from '../results/bits';
import { useAssign, useAssignees, useFeedback } from './api';
import { Countdown } from './Countdown';
import { FeedbackStatusTag, FeedbackThread } from './FeedbackThread';
import { ResolveDialog } from './ResolveDialog';

/** HR's view of one feedback: who, the result asked about, assignment, the thread, resolve. */
export function FeedbackPanel({ id }: { id: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me, permissions } = useAuth();
  const feedback = useFeedback(id);
  const assign = useAssign(id);
  const [resolving, setResolving] = useState(false);
  const open = feedback.data !== undefined && feedback.data.status !== 'resolved';
  const assignees = useAssignees(open);
  if (feedback.isPending) return <LoadingSkeleton rows={8} />;
  if (feedback.isError) return <ErrorState error={feedback.error} onRetry={() => void feedback.refetch()} />;
  const f = feedback.data;
  const mine = f.assignee?.id === me?.id;
  const resolved = f.status === 'resolved';
  const doAssign = (userId: string | null) =>
    assign.mutate(userId, {
      onSuccess: () => void message.success(t('selfservice.inbox.assigned')),
      onError: (err) => void message.error(errorMessage(err, t)),
    });
  return (
    <Flex vertical gap={12} data-testid="feedback-panel">
      <Flex justify="space-between" align="start" wrap gap={8}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {f.person.name}
            {f.person.employee_no && (
              <Typography.Text type="secondary" style={{ fontSize: 14, marginInlineStart: 8 }}>
                {f.person.employee_no}
              </Typography.Text>
            )}
          </Typography.Title>
          <Space wrap size={8}>
            <FeedbackStatusTag status={f.status} />
            <Countdown dueAt={f.due_at} done={f.status !== 'open'} />
          </Space>
        </div>
        <Space wrap>
          {!resolved && !mine && (
            <Button onClick={() => doAssign(me?.id ?? null)} loading={assign.isPending} style={{ minHeight: 44 }} data-testid="feedback-assign">
              {t('selfservice.inbox.assignMe')}
            </Button>
          )}
          {!resolved && (
            <Button type="primary" onClick={() => setResolving(true)} style={{ minHeight: 44 }} data-testid="feedback-resolve">
              {t('selfservice.inbox.resolve')}
            </Button>
          )}
        </Space>
      </Flex>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('selfservice.inbox.asked')}>{formatDateTime(f.created_at)}</Descriptions.Item>
        <Descriptions.Item label={t('selfservice.inbox.assignee')}>
          {resolved ? (
            f.assignee?.name ?? t('selfservice.inbox.unassigned')
          ) : (
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              value={f.assignee?.id ?? null}
              placeholder={t('selfservice.inbox.unassigned')}
              loading={assignees.isPending || assign.isPending}
              options={[
                // The current assignee stays shown even if they are no longer in the list.
                ...(f.assignee && !assignees.data?.some((u) => u.id === f.assignee?.id) ? [f.assignee] : []),
                ...(assignees.data ?? []),
              ].map((u) => ({ value: u.id, label: u.id === me?.id ? `${u.name} (${t('selfservice.inbox.me')})` : u.name }))}
              onChange={(value: string | null | undefined) => doAssign(value ?? null)}
              style={{ width: '100%', minWidth: 140, maxWidth: 360 }}
              aria-label={t('selfservice.inbox.assignee')}
              data-testid="feedback-assignee"
            />
          )}
        </Descriptions.Item>
      </Descriptions>
      <Card size="small" title={t('selfservice.inbox.resultSummary')} extra={permissions?.menus.includes('workbench') && <Link to={`/workbench?status=all&result=${f.result.id}`}>{t('selfservice.inbox.openResult')}</Link>}>
        <Flex vertical gap={6}>
          <Typography.Text strong>
            {f.result.position?.name ?? t('selfservice.myResults.unknownPosition')} · {formatDateTime(f.result.interviewed_at)}
          </Typography.Text>
          <Flex justify="space-between" gap={8}>
            <Typography.Text>{t('selfservice.myResults.total')}</Typography.Text>
            <ScoreBar value={f.result.normalized_total} width={180} />
          </Flex>
          {f.result.dimensions.map((d) => (
            <Flex key={d.code} justify="space-between" gap={8}>
              <Typography.Text type="secondary">
                {d.name} ({d.score} / {d.max_score})
              </Typography.Text>
              <ScoreBar value={d.normalized} width={180} />
            </Flex>
          ))}
        </Flex>
      </Card>
      <FeedbackThread feedback={f} viewer="hr" />
      <ResolveDialog feedback={f} open={resolving} onClose={() => setResolving(false)} />
    </Flex>
  );
}
