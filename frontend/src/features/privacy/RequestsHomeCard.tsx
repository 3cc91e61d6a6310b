import { InboxOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useRequestMetrics } from './api';

/** HR's home: privacy requests waiting, and how many are overdue; one click to the queue. */
export function RequestsHomeCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const metrics = useRequestMetrics();
  const open = metrics.data?.open_count;
  const overdue = metrics.data?.overdue_count ?? 0;
  if (metrics.isError || open === 0) return null;
  return (
    <Card style={{ marginBottom: 16 }} data-testid="home-privacy-card">
      <Flex justify="space-between" align="center" wrap gap="middle">
        <Flex align="center" gap="middle">
          <InboxOutlined style={{ fontSize: 28, color: overdue ? '#cf1322' : '#0958d9' }} aria-hidden />
          <div>
            <Typography.Text strong>
              {t('privacy.home.open', { count: open ?? 0 })}
            </Typography.Text>
            {overdue > 0 && (
              <>
                <br />
                <Typography.Text type="danger">{t('privacy.home.overdue', { count: overdue })}</Typography.Text>
              </>
            )}
          </div>
        </Flex>
        <Button onClick={() => navigate(overdue ? '/privacy-requests?overdue=1' : '/privacy-requests')} style={{ minHeight: 44 }}>
          {t('privacy.home.openQueue')}
        </Button>
      </Flex>
    </Card>
  );
}
