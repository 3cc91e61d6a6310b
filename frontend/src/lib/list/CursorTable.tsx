import { Button, Flex, Table, Typography, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, LoadingSkeleton } from '../ui/QueryStates';
import type { CursorList } from './useCursorList';

interface Props<T> extends Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination'> {
  list: CursorList<T>;
  empty: ReactNode;
  emptyAction?: ReactNode;
}

/** A table over a cursor list, with skeleton, error-with-retry, empty-with-next-step and "load more". */
export function CursorTable<T extends object>({ list, empty, emptyAction, ...table }: Props<T>) {
  const { t } = useTranslation();
  if (list.isPending) return <LoadingSkeleton />;
  if (list.isError && !list.data) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (list.items.length === 0) return <EmptyState description={empty} action={emptyAction} />;
  return (
    <>
      <Table<T>
        size="middle"
        scroll={{ x: 'max-content' }}
        {...table}
        dataSource={list.items}
        loading={list.isFetching && !list.isFetchingNextPage}
        pagination={false}
      />
      <Flex justify="center" align="center" gap="middle" style={{ marginTop: 16 }}>
        <Typography.Text type="secondary">{t('common.total', { count: list.items.length })}</Typography.Text>
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        ) : (
          <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
        )}
      </Flex>
      {list.isFetchNextPageError && <ErrorState error={list.error} onRetry={() => void list.fetchNextPage()} />}
    </>
  );
}
