import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Flex, type TableColumnsType } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CursorPage } from '../../api/types';
import { useCan } from '../auth/permissions';
import { CursorTable } from '../list/CursorTable';
import { useCursorList } from '../list/useCursorList';
import { useSearchParam } from '../list/useSearchParam';
import { PageHeader } from '../ui/PageHeader';
import { SearchBox } from '../ui/SearchBox';
import { EntityFormModal } from '../ui/EntityFormModal';
import { CodeField, NameField } from './fields';

/** A coded organisation row (a position, a batch): a code, a name and the row it belongs to. */
export interface CodedRow {
  id: string;
  code: string;
  name: string;
}

export interface CodedRowsConfig<Row extends CodedRow, Body> {
  /** The query-key root, also invalidated after a save ('positions', 'batches'). */
  kind: string;
  labels: { title: string; empty: string; create: string; edit: string };
  fetchPage: (cursor: string | undefined, q: string | undefined) => Promise<CursorPage<Row>>;
  /** The column naming what the row belongs to (a position's department, a batch's position). */
  parent: { title: string; render: (row: Row) => string };
  /** The form field for that parent. */
  parentField: ReactNode;
  save: (values: Body, editing: Row | null) => Promise<unknown>;
  /** Columns after the parent (a batch's interview dates and counts). */
  extraColumns?: TableColumnsType<Row>;
  /** More actions on a row (a position's interview standard). */
  rowActions?: (row: Row) => ReactNode;
}

/** The list, search and create/edit dialog shared by the positions and batches pages. */
export function CodedRowsPage<Row extends CodedRow, Body extends object>({ config }: { config: CodedRowsConfig<Row, Body> }) {
  const { t } = useTranslation();
  const canWrite = useCan('org:write');
  const [q, setQ] = useSearchParam('q');
  const [editing, setEditing] = useState<Row | null | undefined>(undefined);
  const list = useCursorList([config.kind, 'list', q], (cursor) => config.fetchPage(cursor, q || undefined));
  const { labels } = config;

  const columns: TableColumnsType<Row> = [
    { title: t('common.name'), dataIndex: 'name', key: 'name' },
    { title: t('common.code'), dataIndex: 'code', key: 'code' },
    { title: config.parent.title, key: 'parent', render: (_, row) => config.parent.render(row) },
    ...(config.extraColumns ?? []),
  ];
  if (canWrite || config.rowActions) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) => (
        <Flex wrap>
          {canWrite && (
            <Button type="link" onClick={() => setEditing(row)}>
              {t('common.edit')}
            </Button>
          )}
          {config.rowActions?.(row)}
        </Flex>
      ),
    });
  }
  const createButton = canWrite && (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
      {labels.create}
    </Button>
  );

  return (
    <>
      <PageHeader title={labels.title} extra={createButton} />
      <Flex style={{ marginBottom: 16 }}>
        <SearchBox value={q} onSearch={setQ} />
      </Flex>
      <CursorTable<Row>
        list={list}
        rowKey="id"
        columns={columns}
        empty={q ? t('org.noResults', { q }) : labels.empty}
        emptyAction={q ? <Button onClick={() => setQ('')}>{t('org.clearSearch')}</Button> : createButton}
      />
      <CodedRowModal config={config} open={editing !== undefined} row={editing ?? null} onClose={() => setEditing(undefined)} />
    </>
  );
}

function CodedRowModal<Row extends CodedRow, Body extends object>({
  config,
  open,
  row,
  onClose,
}: {
  config: CodedRowsConfig<Row, Body>;
  open: boolean;
  row: Row | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const save = async (values: Body) => {
    await config.save(values, row);
    await queryClient.invalidateQueries({ queryKey: [config.kind] });
  };
  return (
    <EntityFormModal<Body>
      open={open}
      title={row ? config.labels.edit : config.labels.create}
      initialValues={(row ?? undefined) as Partial<Body> | undefined}
      onClose={onClose}
      onSubmit={save}
      conflict={{ field: 'code', message: t('org.codeTaken') }}
    >
      <CodeField />
      <NameField />
      {config.parentField}
    </EntityFormModal>
  );
}
