import { Progress, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { CursorTable } from '../../lib/list/CursorTable';
import { formatDateTime } from '../../lib/time';
import { useImportHistory } from './api';
import type { ImportJob, ImportStatus } from './contract';
import { progressPercent } from './templates';

const STATUS_COLOR: Record<ImportStatus, string> = { pending: 'default', running: 'processing', succeeded: 'success', failed: 'error' };

export function StatusTag({ status }: { status: ImportStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`imports.status.${status}`)}</Tag>;
}

/** GET /imports: who imported what, when, and how it went. */
export function ImportHistory() {
  const { t } = useTranslation();
  const list = useImportHistory();
  return (
    <CursorTable<ImportJob>
      list={list}
      rowKey="id"
      empty={t('imports.historyEmpty')}
      data-testid="import-history"
      columns={[
        { title: t('imports.createdAt'), dataIndex: 'created_at', render: (v: string) => formatDateTime(v) },
        { title: t('imports.kind'), dataIndex: 'kind', render: (v: ImportJob['kind']) => t(`imports.kinds.${v}`) },
        { title: t('imports.file'), dataIndex: 'filename', render: (v: string | null) => v ?? '—' },
        {
          title: t('imports.statusLabel'),
          key: 'status',
          render: (_, job) => (
            <>
              <StatusTag status={job.status} />
              {job.dry_run && <Tag>{t('imports.dryRunTag')}</Tag>}
            </>
          ),
        },
        { title: t('imports.totalRows'), dataIndex: 'total_rows', align: 'right' },
        { title: t('imports.validRows'), dataIndex: 'valid_rows', align: 'right' },
        { title: t('imports.errorCount'), dataIndex: 'error_count', align: 'right' },
        {
          title: t('imports.progress'),
          key: 'progress',
          render: (_, job) => (job.dry_run ? '—' : <Progress percent={progressPercent(job)} size="small" status={job.status === 'failed' ? 'exception' : undefined} style={{ width: 120 }} />),
        },
      ]}
    />
  );
}
