import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Dropdown } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { InterviewResult } from '../../api/types';
import { useCan } from '../../lib/auth/permissions';
import { CursorTable } from '../../lib/list/CursorTable';
import { PAGE_SIZE, useCursorList } from '../../lib/list/useCursorList';
import { call, errorMessage } from '../../lib/problem';
import { getUserTimezone } from '../../lib/time';
import { PageHeader } from '../../lib/ui/PageHeader';
import { useIsMobile } from '../../lib/ui/media';
import { useShortcuts } from '../../lib/ui/useShortcuts';
import { resultKeys, useStatusCounts, type ReviewAction } from '../results/api';
import { ReviewDialog } from '../results/ReviewDialog';
import { BulkBar } from './BulkBar';
import { resultColumns, sortFromTable, withoutEmptyColumns } from './columns';
import { downloadExport, type ExportFormat } from './exportResults';
import { FilterBar } from './FilterBar';
import { PhoneFilters } from './PhoneFilters';
import { ResultCard } from './ResultCard';
import { activeFilterCount, DEFAULT_FILTERS, filtersToParams, filtersToQuery, parseFilters, type ResultFilters, type ResultQuery } from './filters';
import { neighbour, nextPending } from './queue';
import { StatusTabs } from './StatusTabs';
import { WorkbenchEmpty } from './WorkbenchEmpty';

function withoutStatusAndSort(query: ResultQuery): Omit<ResultQuery, 'status' | 'sort'> {
  const out = { ...query };
  delete out.status;
  delete out.sort;
  return out;
}

const READER_START = new URLSearchParams({ status: 'all', sort: '-total_score' });

const ResultDrawer = lazy(() => import('../results/ResultDrawer'));

export default function WorkbenchPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canReview = useCan('results:review');
  const canExport = useCan('results:export');
  const mobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseFilters(params), [params]);
  const openId = params.get('result') ?? undefined;
  const query = useMemo(() => filtersToQuery(filters, getUserTimezone()), [filters]);
  const counts = useStatusCounts(useMemo(() => withoutStatusAndSort(query), [query]));
  const [selected, setSelected] = useState<string[]>([]);
  const [action, setAction] = useState<ReviewAction | null>(null);
  const [exporting, setExporting] = useState<ExportFormat | null>(null);

  const list = useCursorList(resultKeys.list(query), (cursor) =>
    call(api.GET('/api/v1/results', { params: { query: { ...query, limit: PAGE_SIZE, cursor } } })),
  );
  // Readers who cannot review (department heads, interviewers) start from everyone, best first.
  useEffect(() => {
    if (!canReview && params.toString() === '') setParams(READER_START, { replace: true });
  }, [canReview, params, setParams]);
  const byId = useMemo(() => new Map(list.items.map((r) => [r.id, r])), [list.items]);
  const queryKey = JSON.stringify(query);
  useEffect(() => setSelected([]), [queryKey]);

  const setFilters = useCallback(
    (next: ResultFilters) =>
      setParams(
        (prev) => {
          const out = filtersToParams(next);
          const result = prev.get('result');
          if (result) out.set('result', result);
          return out;
        },
        { replace: true },
      ),
    [setParams],
  );
  const setOpen = useCallback(
    (id: string | undefined) =>
      setParams((prev) => {
        const out = new URLSearchParams(prev);
        if (id) out.set('result', id);
        else out.delete('result');
        return out;
      }),
    [setParams],
  );

  // The review queue: after a review in the drawer, on to the next pending result of this list.
  const reviewedHere = useRef(new Set<string>());
  const onReviewed = (id: string) => {
    reviewedHere.current.add(id);
    const next = nextPending(list.items, id, reviewedHere.current);
    if (next) {
      setOpen(next.id);
    } else {
      void message.info(t('reviewQueue.done'));
      setOpen(undefined);
    }
  };
  const step = (by: 1 | -1) => {
    // From the URL, not this render: a key pressed again before the re-render still moves one on.
    const current = new URLSearchParams(window.location.search).get('result') ?? undefined;
    const to = neighbour(list.items, current, by);
    if (to) setOpen(to.id);
  };
  // J opens the first result when none is open; inside the drawer it handles J / K itself.
  useShortcuts({ j: () => step(1) }, !openId && list.items.length > 0);
  const openAt = openId ? list.items.findIndex((r) => r.id === openId) : -1;
  const position = openAt >= 0 ? { n: openAt + 1, total: `${list.items.length}${list.hasNextPage ? "+" : ""}` } : undefined;

  const runExport = async (format: ExportFormat) => {
    setExporting(format);
    try {
      await downloadExport(format, query);
    } catch (err) {
      void message.error(t('results.exportFailed', { error: errorMessage(err, t) }));
    } finally {
      setExporting(null);
    }
  };
  const exportButton = canExport && (
    <Dropdown
      menu={{
        items: [
          { key: 'csv', label: t('results.exportCsv') },
          { key: 'xlsx', label: t('results.exportXlsx') },
        ],
        onClick: ({ key }) => void runExport(key as ExportFormat),
      }}
    >
      <Button icon={<DownloadOutlined aria-hidden />} loading={exporting !== null} data-testid="export-button">
        {t('results.export')}
      </Button>
    </Dropdown>
  );

  const columns = withoutEmptyColumns(resultColumns(t, filters.sort, (r) => setOpen(r.id)), list.items);
  return (
    <>
      <PageHeader title={canReview ? t('results.workbenchTitle') : t('menu.workbenchReadOnly')} extra={exportButton} />
      {!canReview && <Alert type="info" showIcon message={t('results.readOnly')} style={{ marginBottom: 12 }} />}
      {mobile ? (
        <PhoneFilters filters={filters} onChange={setFilters} />
      ) : (
        <FilterBar filters={filters} onChange={setFilters} />
      )}
      <StatusTabs value={filters.status} counts={counts.data} onChange={(status) => setFilters({ ...filters, status })} />
      <div style={{ maxWidth: '100%', overflow: 'hidden' }}>
        <CursorTable<InterviewResult>
          list={list}
          rowKey="id"
          columns={columns}
          card={(r) => <ResultCard r={r} onOpen={(row) => setOpen(row.id)} />}
          data-testid="results-table"
          onChange={(_p, _f, sorter) => {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            setFilters({ ...filters, sort: sortFromTable(s?.columnKey, s?.order) });
          }}
          rowSelection={
            canReview && !mobile
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys as string[]),
                  getCheckboxProps: (r) => ({ disabled: r.status !== 'pending_review', 'aria-label': r.person.name }),
                }
              : undefined
          }
          empty={<WorkbenchEmpty filters={filters} onShowAll={() => setFilters({ ...filters, status: undefined })} />}
          emptyAction={
            activeFilterCount(filters) > 0 ? (
              <Button onClick={() => setFilters({ ...DEFAULT_FILTERS, sort: filters.sort })}>{t('results.resetFilters')}</Button>
            ) : undefined
          }
        />
      </div>
      {canReview && <BulkBar count={selected.length} onAction={setAction} onClear={() => setSelected([])} />}
      <ReviewDialog
        action={action}
        ids={selected}
        nameOf={(id) => byId.get(id)?.person.name ?? id}
        onClose={() => setAction(null)}
        onDone={(a, count) => {
          void message.success(t(`results.actionDone.${a}`, { count }));
          setSelected([]);
        }}
      />
      {openId && (
        <Suspense fallback={null}>
          <ResultDrawer
            id={openId}
            canReview={canReview}
            onClose={() => setOpen(undefined)}
            onReviewed={onReviewed}
            onStep={step}
            position={position}
          />
        </Suspense>
      )}
    </>
  );
}
