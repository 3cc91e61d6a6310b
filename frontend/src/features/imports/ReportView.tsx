import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Statistic, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { saveBlob } from '../analytics/csv';
import type { ImportJob, RowError } from './contract';
import { errorRowsCsv } from './templates';

/** Totals and the row errors of a dry run or an import, with a download of the bad rows. */
export function ReportView({ job, fileRows }: { job: ImportJob; fileRows: string[][] | null }) {
  const { t } = useTranslation();
  const invalid = Math.max(0, job.total_rows - job.valid_rows);
  const download = () => {
    const text = errorRowsCsv(job.errors, fileRows, { row: t('imports.row'), column: t('imports.column'), message: t('imports.message') });
    saveBlob(new Blob([text], { type: 'text/csv;charset=utf-8' }), `${(job.filename ?? 'import').replace(/\.[^.]+$/, '')}-errors.csv`);
  };
  return (
    <Flex vertical gap="middle" data-testid="import-report">
      <Flex wrap gap="large">
        <Statistic title={t('imports.totalRows')} value={job.total_rows} data-testid="report-total" />
        <Statistic title={t('imports.validRows')} value={job.valid_rows} valueStyle={{ color: '#389e0d' }} data-testid="report-valid" />
        <Statistic title={t('imports.invalidRows')} value={invalid} valueStyle={invalid ? { color: '#cf1322' } : undefined} data-testid="report-invalid" />
        {job.encoding && <Statistic title={t('imports.encoding')} value={job.encoding.toUpperCase()} />}
      </Flex>
      {job.failure && <Alert type="error" showIcon message={t('imports.failed')} description={job.failure} />}
      {job.errors.length > 0 ? (
        <>
          <Flex justify="space-between" align="center" wrap gap="small">
            <Alert
              type="warning"
              showIcon
              message={job.error_count > job.errors.length ? t('imports.errorsTruncated', { shown: job.errors.length, count: job.error_count }) : t('imports.errorsFound', { count: job.error_count })}
            />
            <Button icon={<DownloadOutlined />} onClick={download} data-testid="download-errors">
              {t('imports.downloadErrors')}
            </Button>
          </Flex>
          <Table<RowError>
            size="small"
            rowKey={(e) => `${e.row}-${e.column ?? ''}-${e.message}`}
            dataSource={job.errors}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('imports.row'), dataIndex: 'row', width: 80 },
              { title: t('imports.column'), dataIndex: 'column', render: (v: string | null) => v ?? '—' },
              { title: t('imports.message'), dataIndex: 'message' },
            ]}
            data-testid="import-errors"
          />
        </>
      ) : (
        <Alert type="success" showIcon message={t('imports.noErrors')} />
      )}
    </Flex>
  );
}
