import { MessageOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useFeedbackMetrics } from './api';

/** HR's home: employee questions waiting, and how many are overdue; one click to the inbox. */
export function FeedbackHomeCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const metrics = useFeedbackMetrics();
  if (metrics.isError || !metrics.data) return null;
  const { open_count: open, overdue_count: overdue } = metrics.data;
  return (
    <Card style={{ marginBottom: 16 }} data-testid="home-feedback-card">
      <Flex justify="space-between" align="center" wrap gap="middle">
        <Flex align="center" gap="middle">
          <MessageOutlined style={{ fontSize: 28, color: overdue ? '#cf1322' : '#0958d9' }} aria-hidden />
          <div>
            <Typography.Text strong data-testid="home-feedback-open">
              {open ? t('selfservice.inbox.home.open', { count: open }) : t('selfservice.inbox.home.none')}
            </Typography.Text>
            {overdue > 0 && (
              <>
                <br />
                <Typography.Text type="danger" data-testid="home-feedback-overdue">
                  {t('selfservice.inbox.home.overdue', { count: overdue })}
                </Typography.Text>
              </>
            )}
          </div>
        </Flex>
        <Button onClick={() => navigate(overdue ? '/feedback-inbox?overdue=1' : '/feedback-inbox')} style={{ minHeight: 44 }}>
          {t('selfservice.inbox.home.openInbox')}
        </Button>
      </Flex>
    </Card>
  );
}
