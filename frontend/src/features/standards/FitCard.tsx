import { Card, Flex, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { ScoreBar } from '../results/bits';
import { useFit } from './api';

/** 适合岗位: positions ranked by how well the person's latest scores meet their standards. */
export function FitCard({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const fit = useFit(personId, true);
  let body: React.ReactNode;
  if (fit.isPending) body = <LoadingSkeleton rows={3} />;
  else if (fit.isError) body = <ErrorState error={fit.error} onRetry={() => void fit.refetch()} />;
  else if (fit.data.length === 0) body = <Typography.Text type="secondary">{t('standards.fit.empty')}</Typography.Text>;
  else
    body = (
      <List
        dataSource={fit.data}
        renderItem={(f) => (
          <List.Item data-testid="fit-item">
            <Flex vertical gap={4} style={{ width: '100%' }}>
              <Flex justify="space-between" align="center" gap={8} wrap>
                <Typography.Text strong>{f.position.name}</Typography.Text>
                <Tag color={f.passed ? 'green' : 'default'}>{f.passed ? t('standards.fit.passes') : t('standards.fit.fails')}</Tag>
              </Flex>
              <ScoreBar value={f.weighted_total} width={180} />
              {f.weakest_names.length > 0 && (
                <Typography.Text type="secondary">{t('standards.fit.weakest', { names: f.weakest_names.join('、') })}</Typography.Text>
              )}
            </Flex>
          </List.Item>
        )}
      />
    );
  return (
    <Card title={t('standards.fit.title')} size="small" data-testid="fit-card">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('standards.fit.hint')}
      </Typography.Paragraph>
      {body}
    </Card>
  );
}
