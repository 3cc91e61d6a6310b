import { IdcardOutlined } from '@ant-design/icons';
import { App, Button, Descriptions, Divider, Drawer, Flex, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { InterviewResult } from '../../api/types';
import { formatDateTime } from '../../lib/time';
import { ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { useIsMobile } from '../../lib/ui/useIsMobile';
import { REVIEW_ACTIONS, useResult, type ReviewAction } from './api';
import { VerdictCell } from '../standards/Verdict';
import { FlagsList, ScoreBar, StatusTag } from './bits';
import { DimensionList } from './DimensionList';
import { RadarChart } from './RadarChart';
import { ReviewDialog } from './ReviewDialog';
import { ReviewHistory } from './ReviewHistory';
import { RevisionHistory } from './RevisionHistory';

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

function Body({ r }: { r: InterviewResult }) {
  const { t } = useTranslation();
  const none = <Typography.Text type="secondary">{t('results.none')}</Typography.Text>;
  return (
    <>
      <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label={t('results.employeeNo')}>{r.person.employee_no ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('results.position')}>{r.position?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('results.department')}>{r.department?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('results.batch')}>{r.batch?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('results.interviewedAt')}>{formatDateTime(r.interviewed_at) || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('results.receivedAt')}>{formatDateTime(r.received_at)}</Descriptions.Item>
        <Descriptions.Item label={t('results.vendor')}>{r.vendor.name}</Descriptions.Item>
        <Descriptions.Item label={t('results.revision')}>{r.revision}</Descriptions.Item>
        <Descriptions.Item label={t('results.total')} span={2}>
          <Flex align="center" gap="middle" wrap>
            <ScoreBar value={r.normalized_total} width={200} />
            <Typography.Text type="secondary">
              {r.total_score} / {r.max_score}
            </Typography.Text>
          </Flex>
        </Descriptions.Item>
        <Descriptions.Item label={t('standards.verdict')} span={2}>
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
        <Descriptions.Item label={t('results.recommendation')}>{r.recommendation ? t(`results.recommendationName.${r.recommendation}`, { defaultValue: r.recommendation }) : none}</Descriptions.Item>
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

/** One result in a side drawer (full width on phones); review buttons for those who may review. */
export default function ResultDrawer({ id, canReview, onClose }: { id: string; canReview: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const result = useResult(id);
  const [action, setAction] = useState<ReviewAction | null>(null);
  const r = result.data;
  const reviewable = canReview && r?.status === 'pending_review';

  const title = r ? (
    <Space wrap size="small">
      <span>{r.person.name}</span>
      <StatusTag status={r.status} />
    </Space>
  ) : (
    t('results.detailTitle')
  );
  const footer = r && (
    <Flex justify="space-between" wrap gap="small">
      <Button icon={<IdcardOutlined aria-hidden />} onClick={() => navigate(`/people/${r.person.id}/profile`)}>
        {t('results.profile')}
      </Button>
      {reviewable && (
        <Flex gap="small" wrap data-testid="drawer-review">
          {REVIEW_ACTIONS.map((a) => (
            <Button key={a} type={a === 'confirm' ? 'primary' : 'default'} danger={a === 'reject'} onClick={() => setAction(a)}>
              {t(`results.action.${a}`)}
            </Button>
          ))}
        </Flex>
      )}
    </Flex>
  );

  return (
    <Drawer
      open
      title={title}
      onClose={onClose}
      width={mobile ? '100%' : 720}
      footer={footer}
      keyboard
      destroyOnHidden
    >
      {result.isPending && <LoadingSkeleton rows={10} />}
      {result.isError && <ErrorState error={result.error} onRetry={() => void result.refetch()} />}
      {r && (
        <div data-testid="result-detail">
          <Body r={r} />
        </div>
      )}
      {r && (
        <ReviewDialog
          action={action}
          ids={[r.id]}
          nameOf={() => r.person.name}
          onClose={() => setAction(null)}
          onDone={(a) => void message.success(t(`results.actionDone.${a}`, { count: 1 }))}
        />
      )}
    </Drawer>
  );
}
