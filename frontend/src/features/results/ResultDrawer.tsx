import { IdcardOutlined } from '@ant-design/icons';
import { App, Button, Descriptions, Divider, Drawer, Flex, List, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { InterviewResult } from '../../api/types';
import { formatDateTime } from '../../lib/time';
import { ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { useIsMobile } from '../../lib/ui/media';
import { useShortcuts } from '../../lib/ui/useShortcuts';
import { REVIEW_ACTIONS, useResult, useReview, type ReviewAction } from './api';
import { reviewErrorMessage } from './reviewError';
import { VerdictCell } from '../standards/Verdict';
import { FlagsList, ScoreBar, StatusTag } from './bits';
import { DimensionList } from './DimensionList';
import { RadarChart } from './RadarChart';
import { ReviewDialog } from './ReviewDialog';
import { ReviewHistory } from './ReviewHistory';
import { RevisionHistory } from './RevisionHistory';
import { ShortcutHint } from './ShortcutHint';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section aria-label={title}>
      <Divider orientation="left" orientationMargin={0} style={{ marginTop: 20 }}>
        {title}
      </Divider>
      {children}
    </section>
  );
}

/** A date and time on one line ("2026-11-20 17:30" never wraps). */
function DateTime({ value, testId }: { value: string | null | undefined; testId: string }) {
  return (
    <time dateTime={value ?? undefined} style={{ whiteSpace: 'nowrap' }} data-testid={testId}>
      {formatDateTime(value) || '—'}
    </time>
  );
}

function Body({ r }: { r: InterviewResult }) {
  const { t } = useTranslation();
  const none = <Typography.Text type="secondary">{t('results.none')}</Typography.Text>;
  return (
    <>
      <Descriptions size="small" layout="vertical" column={{ xs: 2, sm: 3 }} className="result-facts" data-testid="result-facts">
        <Descriptions.Item label={t('results.employeeNo')}>{r.person.employee_no ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('results.position')}>{r.position?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('results.department')}>{r.department?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('results.batch')}>{r.batch?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('results.interviewedAt')}>
          <DateTime value={r.interviewed_at} testId="result-interviewed-at" />
        </Descriptions.Item>
        <Descriptions.Item label={t('results.receivedAt')}>
          <DateTime value={r.received_at} testId="result-received-at" />
        </Descriptions.Item>
        <Descriptions.Item label={t('results.vendor')}>{r.vendor.name}</Descriptions.Item>
        <Descriptions.Item label={t('results.revision')}>{r.revision}</Descriptions.Item>
        <Descriptions.Item label={t('results.recommendation')}>
          {r.recommendation ? t(`results.recommendationName.${r.recommendation}`, { defaultValue: r.recommendation }) : none}
        </Descriptions.Item>
        <Descriptions.Item label={t('results.total')} span="filled">
          <Flex align="center" gap="middle" wrap>
            <ScoreBar value={r.normalized_total} width={200} />
            <Typography.Text type="secondary">
              {r.total_score} / {r.max_score}
            </Typography.Text>
          </Flex>
        </Descriptions.Item>
        <Descriptions.Item label={t('standards.verdict')} span="filled">
          <VerdictCell verdict={r.standard} dimensions={r.dimensions} />
        </Descriptions.Item>
      </Descriptions>
      {r.flags.length > 0 && (
        <div style={{ marginTop: 12 }}>
          <FlagsList flags={r.flags} />
        </div>
      )}
      <Section title={t('results.radar')}>
        <RadarChart dimensions={r.dimensions} name={r.person.name} />
        <DimensionList dimensions={r.dimensions} />
      </Section>
      <Section title={t('results.aiComment')}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{r.comment || t('results.noComment')}</Typography.Paragraph>
      </Section>
      <Section title={t('results.suggestions')}>
        {r.suggestions.length ? <List size="small" dataSource={r.suggestions} renderItem={(s) => <List.Item>{s}</List.Item>} /> : none}
      </Section>
      <Descriptions size="small" column={1} style={{ marginTop: 16 }}>
        <Descriptions.Item label={t('results.interviewers')}>
          {r.interviewers.length ? r.interviewers.map((i) => i.name).join('、') : none}
        </Descriptions.Item>
      </Descriptions>
      <Section title={t('results.reviews')}>
        <ReviewHistory resultId={r.id} />
      </Section>
      <Section title={t('results.revisions')}>
        <RevisionHistory resultId={r.id} />
      </Section>
    </>
  );
}

interface Props {
  id: string;
  canReview: boolean;
  onClose: () => void;
  /** After this result was reviewed here (the workbench moves on to the next pending one). */
  onReviewed?: (id: string, action: ReviewAction) => void;
  /** J / K: the next and previous result of the list the drawer was opened from. */
  onStep?: (step: 1 | -1) => void;
  /** Where this result stands in that list. */
  position?: { n: number; total: string };
}

/**
 * One result in a side drawer (full width on phones); review buttons for those who may review.
 * Shortcuts while it is open: J / K next / previous, C confirm at once, R return with a note.
 */
export default function ResultDrawer({ id, canReview, onClose, onReviewed, onStep, position }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const result = useResult(id);
  const review = useReview();
  const [action, setAction] = useState<ReviewAction | null>(null);
  const r = result.data;
  const reviewable = canReview && r?.status === 'pending_review';

  // Results reviewed from this drawer: a C pressed again before the next one shows does nothing.
  const done = useRef(new Set<string>());
  const reviewed = (a: ReviewAction) => {
    done.current.add(id);
    void message.success(t(`results.actionDone.${a}`, { count: 1 }));
    onReviewed?.(id, a);
  };
  const confirmNow = () => {
    if (review.isPending || done.current.has(id)) return;
    review.mutate(
      { ids: [id], action: 'confirm' },
      {
        onSuccess: () => reviewed('confirm'),
        onError: (err) => void message.error(reviewErrorMessage(err, 'confirm', [id], t, () => r?.person.name ?? id)),
      },
    );
  };
  useShortcuts(
    {
      j: () => onStep?.(1),
      k: () => onStep?.(-1),
      ...(reviewable && !done.current.has(id) ? { c: confirmNow, r: () => setAction('return') } : {}),
    },
    action === null,
  );

  const title = r ? (
    <Flex wrap gap="small" align="center" justify="space-between">
      <Space wrap size="small">
        <span>{r.person.name}</span>
        <StatusTag status={r.status} />
      </Space>
      {position && (
        <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }} data-testid="queue-position">
          {t('reviewQueue.position', position)}
        </Typography.Text>
      )}
    </Flex>
  ) : (
    t('results.detailTitle')
  );
  const footer = r && (
    <Flex vertical gap="small">
      <Flex justify="space-between" wrap gap="small">
        <Button icon={<IdcardOutlined aria-hidden />} onClick={() => navigate(`/people/${r.person.id}/profile`)}>
          {t('results.profile')}
        </Button>
        {reviewable && (
          <Flex gap="small" wrap data-testid="drawer-review">
            {REVIEW_ACTIONS.map((a) => (
              <Button
                key={a}
                type={a === 'confirm' ? 'primary' : 'default'}
                danger={a === 'reject'}
                onClick={() => setAction(a)}
                loading={a === 'confirm' && review.isPending}
                aria-keyshortcuts={a === 'confirm' ? 'C' : a === 'return' ? 'R' : undefined}
              >
                {t(`results.action.${a}`)}
              </Button>
            ))}
          </Flex>
        )}
      </Flex>
      {!mobile && onStep && <ShortcutHint keys={reviewable ? ['next', 'previous', 'confirm', 'return', 'close'] : ['next', 'previous', 'close']} />}
    </Flex>
  );

  return (
    <Drawer open title={title} onClose={onClose} width={mobile ? '100%' : 760} footer={footer} keyboard destroyOnHidden>
      {result.isPending && <LoadingSkeleton rows={10} />}
      {result.isError && <ErrorState error={result.error} onRetry={() => void result.refetch()} />}
      {r && (
        <div data-testid="result-detail" data-result-id={r.id} className="result-detail">
          <Body r={r} />
        </div>
      )}
      {r && (
        <ReviewDialog action={action} ids={[r.id]} nameOf={() => r.person.name} onClose={() => setAction(null)} onDone={(a) => reviewed(a)} />
      )}
    </Drawer>
  );
}
