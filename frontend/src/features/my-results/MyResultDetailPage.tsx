import { ArrowLeftOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, List, Progress, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { MyResult } from '../../api/types';
import { formatDate } from '../../lib/time';
import { ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { useFeedback } from '../feedback/api';
import { FeedbackStatusTag, FeedbackThread, SlaPromise } from '../feedback/FeedbackThread';
import { scoreColor } from '../results/bits';
import { scoreLevel, useMyResult } from './api';
import { AskQuestionDrawer } from './AskQuestion';
import { HistoryChart } from './HistoryChart';
import { MiniRadar } from './MiniRadar';

function Dimensions({ result }: { result: MyResult }) {
  const { t } = useTranslation();
  return (
    <List
      dataSource={result.dimensions}
      data-testid="my-result-dimensions"
      renderItem={(d) => (
        <List.Item key={d.code} style={{ display: 'block', paddingInline: 0 }}>
          <Flex justify="space-between" align="baseline" gap="small" wrap>
            <Typography.Text strong>{d.name}</Typography.Text>
            <Typography.Text>{t('selfservice.myResults.score', { score: d.score, max: d.max_score })}</Typography.Text>
          </Flex>
          <Progress percent={d.normalized} showInfo={false} strokeColor={scoreColor(d.normalized)} aria-hidden style={{ margin: '4px 0' }} />
          <Typography.Text style={{ color: scoreColor(d.normalized) }}>{t(`selfservice.myResults.level.${scoreLevel(d.normalized)}`)}</Typography.Text>
          {d.comment && (
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
              {d.comment}
            </Typography.Paragraph>
          )}
        </List.Item>
      )}
    />
  );
}

function FeedbackSection({ feedbackId, sectionRef }: { feedbackId: string; sectionRef: React.RefObject<HTMLDivElement> }) {
  const { t } = useTranslation();
  const feedback = useFeedback(feedbackId);
  return (
    <div ref={sectionRef} id="feedback" style={{ scrollMarginTop: 72 }}>
      <Card
        title={
          <Flex gap={8} align="center" wrap>
            {t('selfservice.feedback.threadTitle')}
            {feedback.data && <FeedbackStatusTag status={feedback.data.status} />}
          </Flex>
        }
        styles={{ body: { padding: 12 } }}
      >
        {feedback.isPending ? (
          <LoadingSkeleton rows={3} />
        ) : feedback.isError ? (
          <ErrorState error={feedback.error} onRetry={() => void feedback.refetch()} />
        ) : (
          <Flex vertical gap={12}>
            <SlaPromise feedback={feedback.data} />
            <FeedbackThread feedback={feedback.data} viewer="employee" />
          </Flex>
        )}
      </Card>
    </div>
  );
}

export default function MyResultDetailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const result = useMyResult(id);
  const [asking, setAsking] = useState(false);
  const [filedId, setFiledId] = useState<string | null>(null);
  const threadRef = useRef<HTMLDivElement>(null);
  const ref = result.data?.feedback;
  const feedbackId = filedId ?? ref?.id ?? null;
  const openFeedback = Boolean(feedbackId) && (filedId !== null || ref?.status !== 'resolved');
  const [scrollTo, setScrollTo] = useState(false);

  useEffect(() => {
    if (scrollTo && threadRef.current) {
      threadRef.current.scrollIntoView({ behavior: 'smooth', block: 'start' });
      setScrollTo(false);
    }
  }, [scrollTo, feedbackId]);

  if (result.isPending) return <LoadingSkeleton rows={10} />;
  if (result.isError) return <ErrorState error={result.error} onRetry={() => void result.refetch()} />;
  const r = result.data;
  const position = r.position?.name ?? t('selfservice.myResults.unknownPosition');

  const ask = () => {
    if (openFeedback) setScrollTo(true);
    else setAsking(true);
  };

  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }} data-testid="my-result-detail">
      <Link to="/my-results" style={{ display: 'inline-flex', alignItems: 'center', gap: 6, minHeight: 44 }}>
        <ArrowLeftOutlined aria-hidden /> {t('selfservice.myResults.back')}
      </Link>
      <Flex vertical gap={16}>
        <Card styles={{ body: { padding: 16 } }}>
          <Typography.Title level={3} style={{ margin: 0, wordBreak: 'break-word' }}>
            {position}
          </Typography.Title>
          <Flex gap={8} align="center" wrap style={{ marginTop: 4 }}>
            <Typography.Text type="secondary">
              {t('selfservice.myResults.interviewedAt')} {formatDate(r.interviewed_at ?? r.published_at)}
            </Typography.Text>
            <Tag color="success">{t('selfservice.myResults.published')}</Tag>
            {r.batch && <Tag>{r.batch.name}</Tag>}
          </Flex>
          <Flex align="baseline" gap={8} style={{ marginTop: 12 }}>
            <Typography.Text type="secondary">{t('selfservice.myResults.total')}</Typography.Text>
            <span style={{ fontSize: 48, fontWeight: 600, lineHeight: 1, color: scoreColor(r.normalized_total) }} data-testid="my-result-total">
              {r.normalized_total.toFixed(1)}
            </span>
            <Typography.Text type="secondary">{t('selfservice.myResults.outOf')}</Typography.Text>
          </Flex>
          <MiniRadar dimensions={r.dimensions} label={t('selfservice.myResults.radarLabel', { position })} height={240} names />
          <Button
            type="primary"
            size="large"
            block
            icon={<QuestionCircleOutlined />}
            onClick={ask}
            style={{ marginTop: 12, minHeight: 48 }}
            data-testid="ask-question"
          >
            {openFeedback ? t('selfservice.myResults.viewThread') : t('selfservice.myResults.ask')}
          </Button>
        </Card>

        <Card title={t('selfservice.myResults.dimensions')} styles={{ body: { paddingTop: 12 } }}>
          <Typography.Text type="secondary">{t('selfservice.myResults.dimensionsHint')}</Typography.Text>
          <Dimensions result={r} />
        </Card>

        {r.comment && (
          <Card title={t('selfservice.myResults.aiComment')}>
            <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} data-testid="my-result-comment">
              {r.comment}
            </Typography.Paragraph>
          </Card>
        )}

        <Card title={t('selfservice.myResults.suggestions')}>
          {r.suggestions.length ? (
            <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="my-result-suggestions">
              {r.suggestions.map((s, i) => (
                <li key={i} style={{ marginBottom: 6 }}>
                  {s}
                </li>
              ))}
            </ul>
          ) : (
            <Typography.Text type="secondary">{t('selfservice.myResults.noSuggestions')}</Typography.Text>
          )}
        </Card>

        {r.history.length >= 2 && (
          <Card title={t('selfservice.myResults.history')}>
            <HistoryChart history={r.history} current={r.id} />
          </Card>
        )}

        {feedbackId && <FeedbackSection feedbackId={feedbackId} sectionRef={threadRef} />}
      </Flex>
      <AskQuestionDrawer
        resultId={r.id}
        open={asking}
        onClose={() => setAsking(false)}
        onFiled={(fid, alreadyOpen) => {
          setAsking(false);
          setFiledId(fid);
          setScrollTo(true);
          void (alreadyOpen ? message.info(t('selfservice.feedback.alreadyOpen')) : message.success(t('selfservice.feedback.submitted')));
        }}
      />
    </div>
  );
}
