import { Button, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState, ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { useMyResults } from './api';
import { ResultCard } from './ResultCard';

/** The employee's published results as cards (also on their home page). */
export function MyResultsList() {
  const { t } = useTranslation();
  const list = useMyResults();
  if (list.isPending) return <LoadingSkeleton rows={6} />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (list.items.length === 0)
    return (
      <EmptyState
        description={t('selfservice.myResults.empty')}
        action={
          <Link to="/notifications/preferences">
            <Button type="primary">{t('selfservice.myResults.emptyAction')}</Button>
          </Link>
        }
      />
    );
  return (
    <Flex vertical gap={12} data-testid="my-results">
      {list.items.map((r) => (
        <ResultCard key={r.id} result={r} />
      ))}
      {list.hasNextPage && (
        <Button block onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} style={{ minHeight: 44 }}>
          {t('common.loadMore')}
        </Button>
      )}
    </Flex>
  );
}
