import { RightOutlined } from '@ant-design/icons';
import { Card, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MyResultItem } from '../../api/types';
import { formatDate } from '../../lib/time';
import { scoreColor } from '../results/bits';
import { MiniRadar } from './MiniRadar';

/** One published result: position, date, a big total, a small radar, "已发布". */
export function ResultCard({ result }: { result: MyResultItem }) {
  const { t } = useTranslation();
  const position = result.position?.name ?? t('selfservice.myResults.unknownPosition');
  const date = formatDate(result.interviewed_at ?? result.published_at);
  const total = result.normalized_total.toFixed(1);
  const feedback = result.feedback && result.feedback.status !== 'resolved' ? result.feedback : null;
  return (
    <Link
      to={`/my-results/${result.id}`}
      data-testid="my-result-card"
      aria-label={t('selfservice.myResults.cardLabel', { position, date, total })}
      style={{ display: 'block', color: 'inherit' }}
    >
      <Card hoverable styles={{ body: { padding: 16 } }}>
        <Flex justify="space-between" align="center" gap={12}>
          <Flex vertical gap={4} style={{ minWidth: 0, flex: 1 }}>
            <Typography.Text strong style={{ fontSize: 16, wordBreak: 'break-word' }}>
              {position}
            </Typography.Text>
            <Typography.Text type="secondary">{date}</Typography.Text>
            <Flex gap={4} wrap>
              <Tag color="success" data-testid="my-result-status">
                {t('selfservice.myResults.published')}
              </Tag>
              {feedback && (
                <Tag color="processing">{t(`selfservice.feedback.status.${feedback.status}`, { defaultValue: feedback.status })}</Tag>
              )}
            </Flex>
            <Flex align="baseline" gap={6} style={{ marginTop: 4 }}>
              <span style={{ fontSize: 36, fontWeight: 600, lineHeight: 1.1, color: scoreColor(result.normalized_total) }} data-testid="my-result-total">
                {total}
              </span>
              <Typography.Text type="secondary">{t('selfservice.myResults.outOf')}</Typography.Text>
            </Flex>
          </Flex>
          <div style={{ width: 120, flex: 'none' }} aria-hidden>
            <MiniRadar dimensions={result.dimensions} label={t('selfservice.myResults.radarLabel', { position })} />
          </div>
          <RightOutlined aria-hidden style={{ color: '#bfbfbf' }} />
        </Flex>
      </Card>
    </Link>
  );
}
