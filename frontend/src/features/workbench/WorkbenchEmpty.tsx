import { Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ResultFilters } from './filters';

/** What an empty list means, and the way out. */
export function WorkbenchEmpty({ filters, onShowAll }: { filters: ResultFilters; onShowAll: () => void }) {
  const { t } = useTranslation();
  const pending = filters.status === 'pending_review';
  const narrowed = Boolean(filters.department_id || filters.position_id || filters.batch_id || filters.from || filters.to || filters.passed !== undefined || filters.min_total !== undefined || filters.max_total !== undefined);
  // "all done" only for the untouched queue; a search without hits says so
  let text = t('results.empty');
  if (filters.q) text = t('results.emptySearch', { q: filters.q });
  else if (pending && !narrowed) text = t('results.emptyPending');
  return (
    <Flex vertical align="center" gap={4} data-testid="workbench-empty">
      <Typography.Text>{text}</Typography.Text>
      <Typography.Text type="secondary">{filters.q ? t('results.emptySearchHint') : t('results.emptyHint')}</Typography.Text>
      {filters.status !== undefined && (
        <Button type="link" onClick={onShowAll}>
          {t('results.showAll')}
        </Button>
      )}
    </Flex>
  );
}
