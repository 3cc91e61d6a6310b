import { CheckSquareOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useHomeSummary } from './api';

/** HR's first thing to do: how many results wait for review, one click to the workbench. */
export function PendingCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const summary = useHomeSummary();
  const pending = summary.data?.pending_reviews;

  return (
    <Card style={{ marginBottom: 16, borderColor: '#91caff', background: '#f0f7ff' }} data-testid="home-pending-card">
      <Flex justify="space-between" align="center" wrap gap="middle">
        <Flex align="center" gap="middle">
          <CheckSquareOutlined style={{ fontSize: 32, color: '#0958d9' }} aria-hidden />
          <div>
            <Typography.Text strong style={{ fontSize: 16 }}>
              {t('home.hrPending')}{' '}
              <span style={{ fontSize: 28, color: '#0958d9' }} data-testid="home-pending-count">
                {pending ?? '—'}
              </span>
            </Typography.Text>
            <br />
            <Typography.Text type="secondary">{t('home.hrPendingHint')}</Typography.Text>
          </div>
        </Flex>
        <Button type="primary" size="large" onClick={() => navigate('/workbench')} data-testid="home-open-workbench">
          {t('home.openWorkbench')}
        </Button>
      </Flex>
    </Card>
  );
}
