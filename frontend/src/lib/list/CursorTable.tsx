import { Button, Flex, Table, Typography, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, LoadingSkeleton } from '../ui/QueryStates';
import { useIsMobile } from '../ui/media';
import type { CursorList } from './useCursorList';

interface Props<T> extends Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'rowKey'> {
  list: CursorList<T>;
  rowKey: keyof T & string;
  empty: ReactNode;
  emptyAction?: ReactNode;
  /** On phones, one card per row instead of a table wider than the screen. */
  card?: (item: T) => ReactNode;
}

/** A table (cards on phones, when given) over a cursor list, with skeleton, error-with-retry, empty-with-next-step and "load more". */
export function CursorTable<T extends object>({ list, empty, emptyAction, card, ...table }: Props<T>) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  if (list.isPending) return <LoadingSkeleton />;
  if (list.isError && !list.data) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (list.items.length === 0) return <EmptyState description={empty} action={emptyAction} />;
  return (
    <>
      {card && mobile ? (
        <Flex vertical gap={8} role="list" data-testid="card-list">
          {list.items.map((item) => (
            <div role="listitem" key={String(item[table.rowKey])}>
              {card(item)}
            </div>
          ))}
        </Flex>
      ) : (
        <Table<T>
          size="middle"
          scroll={{ x: 'max-content' }}
          {...table}
          dataSource={list.items}
          loading={list.isFetching && !list.isFetchingNextPage}
          pagination={false}
        />
      )}
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
