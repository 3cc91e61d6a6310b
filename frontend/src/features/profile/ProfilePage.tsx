import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Flex, Row, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import type { InterviewResult } from '../../api/types';
import { useCan } from '../../lib/auth/permissions';
import { call } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { PageHeader } from '../../lib/ui/PageHeader';
import { EmptyState, ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { ScoreBar } from '../results/bits';
import { FitCard } from '../standards/FitCard';
import { PerformanceTable, TrainingTable } from './RecordTables';
import { TrendCharts } from './TrendCharts';

function InterviewTimeline({ results }: { results: InterviewResult[] }) {
  const { t } = useTranslation();
  if (!results.length) return <EmptyState description={t('profile.noInterviews')} />;
  const sorted = [...results].sort((a, b) => (b.interviewed_at ?? b.received_at).localeCompare(a.interviewed_at ?? a.received_at));
  return (
    <Timeline
      data-testid="profile-timeline"
      items={sorted.map((r) => ({
        key: r.id,
        children: (
          <Flex vertical gap={2}>
            <Typography.Text type="secondary">{formatDateTime(r.interviewed_at ?? r.received_at)}</Typography.Text>
            <Link to={`/workbench?status=all&result=${r.id}`}>
              {[r.position?.name, r.batch?.name].filter(Boolean).join(' · ') || r.interview_id}
            </Link>
            <ScoreBar value={r.normalized_total} width={180} />
          </Flex>
        ),
      }))}
    />
  );
}

/** 人才档案: who the person is, their confirmed interviews, trends, performance and training. */
export default function ProfilePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const canSeeFit = useCan('people:fit');
  const profile = useQuery({
    queryKey: ['people', 'profile', id],
    queryFn: () => call(api.GET('/api/v1/people/{person_id}/profile', { params: { path: { person_id: id } } })),
  });
  const back = (
    <Button icon={<ArrowLeftOutlined aria-hidden />} onClick={() => navigate(-1)}>
      {t('profile.back')}
    </Button>
  );
  if (profile.isPending) return <LoadingSkeleton rows={10} />;
  if (profile.isError) return <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />;
  const p = profile.data;
  const latest = [...p.results].sort((a, b) => b.received_at.localeCompare(a.received_at))[0];

  return (
    <>
      <PageHeader title={`${t('profile.title')} · ${p.person.name}`} extra={back} />
      <Card style={{ marginBottom: 16 }} data-testid="profile-header">
        <Descriptions column={{ xs: 1, sm: 2, lg: 4 }} size="small">
          <Descriptions.Item label={t('results.name')}>
            <Typography.Text strong>{p.person.name}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('results.employeeNo')}>{p.person.employee_no ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('results.department')}>{p.department?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('results.position')}>{latest?.position?.name ?? '—'}</Descriptions.Item>
          {p.person.email && <Descriptions.Item label={t('org.email')}>{p.person.email}</Descriptions.Item>}
          {p.person.phone && <Descriptions.Item label={t('org.phone')}>{p.person.phone}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card title={t('profile.confirmedInterviews')} size="small">
            <InterviewTimeline results={p.results} />
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <TrendCharts name={p.person.name} total={p.total_trend} dimensions={p.dimension_trends} />
        </Col>
        {canSeeFit && (
          <Col xs={24} lg={8}>
            <FitCard personId={id} />
          </Col>
        )}
        {/* Performance and training: HR, admin and department heads in scope only. */}
        {p.outcomes_visible && (
          <>
            <Col xs={24} lg={12}>
              <PerformanceTable rows={p.performance} />
            </Col>
            <Col xs={24} lg={12}>
              <TrainingTable rows={p.training} />
            </Col>
          </>
        )}
      </Row>
    </>
  );
}
