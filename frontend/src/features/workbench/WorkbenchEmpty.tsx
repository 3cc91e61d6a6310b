import { Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ResultFilters } from './filters';

/** What an empty list means, and the way out. */
export function WorkbenchEmpty({ filters, onShowAll }: { filters: ResultFilters; onShowAll: () => void }) {
  const { t } = useTranslation();
  const pending = filters.status === 'pending_review';
  return (
    <Flex vertical align="center" gap={4}>
      <Typography.Text>{pending ? t('results.emptyPending') : t('results.empty')}</Typography.Text>
      <Typography.Text type="secondary">{t('results.emptyHint')}</Typography.Text>
      {filters.status !== undefined && (
        <Button type="link" onClick={onShowAll}>
          {t('results.showAll')}
        </Button>
      )}
    </Flex>
  );
}
