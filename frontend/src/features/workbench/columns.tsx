import { Button, type TableColumnsType } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import type { TFunction } from 'i18next';
import type { InterviewResult } from '../../api/types';
import { formatDateTime } from '../../lib/time';
import { FlagsIcon, RelativeTime, ScoreBar, StatusTag } from '../results/bits';
import { VerdictCell } from '../standards/Verdict';
import type { SortKey } from './filters';

type Sortable = 'interviewed_at' | 'total_score' | 'received_at' | 'weighted_total';
const SORTABLE: readonly unknown[] = ['interviewed_at', 'total_score', 'received_at', 'weighted_total'];

function order(sort: SortKey, field: Sortable): SortOrder {
  if (sort === field) return 'ascend';
  if (sort === `-${field}`) return 'descend';
  return null;
}

/** Maps a header click to a sort key; clearing falls back to the default. */
export function sortFromTable(field: unknown, dir: SortOrder | undefined): SortKey {
  if (!dir || !SORTABLE.includes(field)) return '-received_at';
  return (dir === 'descend' ? `-${field}` : field) as SortKey;
}

export function resultColumns(t: TFunction, sort: SortKey, open: (row: InterviewResult) => void): TableColumnsType<InterviewResult> {
  const sorter = (field: Sortable) => ({ key: field, sorter: true, sortOrder: order(sort, field), sortDirections: ['descend', 'ascend'] as SortOrder[] });
  return [
    {
      title: t('results.name'),
      key: 'name',
      fixed: 'left',
      render: (_, r) => (
        <Button
          type="link"
          onClick={() => open(r)}
          style={{ padding: 0, whiteSpace: 'nowrap' }}
          aria-label={t('results.openDetail', { name: r.person.name })}
          data-testid="result-open"
        >
          {r.person.name}
        </Button>
      ),
    },
    { title: t('results.employeeNo'), key: 'employee_no', render: (_, r) => r.person.employee_no ?? '' },
    { title: t('results.position'), key: 'position', render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{r.position?.name ?? ''}</span> },
    {
      title: t('results.department'),
      key: 'department',
      render: (_, r) => (
        <span style={{ whiteSpace: 'nowrap' }} data-testid="cell-department">
          {r.department?.name ?? ''}
        </span>
      ),
    },
    { title: t('results.batch'), key: 'batch', render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{r.batch?.name ?? ''}</span> },
    { title: t('results.total'), ...sorter('total_score'), render: (_, r) => <ScoreBar value={r.normalized_total} /> },
    { title: t('standards.verdict'), ...sorter('weighted_total'), render: (_, r) => <VerdictCell verdict={r.standard} dimensions={r.dimensions} /> },
    { title: t('results.status'), key: 'status', render: (_, r) => <StatusTag status={r.status} /> },
    { title: t('results.flags'), key: 'flags', align: 'center', render: (_, r) => <FlagsIcon flags={r.flags} /> },
    {
      title: t('results.interviewedAt'),
      ...sorter('interviewed_at'),
      render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.interviewed_at)}</span>,
    },
    { title: t('results.receivedAt'), ...sorter('received_at'), render: (_, r) => <RelativeTime value={r.received_at} /> },
  ];
}

/** 工号 and 标记 only when a row on screen has one: an empty wide column only pushes the total off-screen. */
export function withoutEmptyColumns(columns: TableColumnsType<InterviewResult>, rows: readonly InterviewResult[]): TableColumnsType<InterviewResult> {
  if (!rows.length) return columns;
  const empty = new Set<string>();
  if (!rows.some((r) => r.person.employee_no)) empty.add('employee_no');
  if (!rows.some((r) => r.flags.length)) empty.add('flags');
  return columns.filter((c) => !empty.has(String(c.key)));
}
