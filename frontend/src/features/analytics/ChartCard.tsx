import { DownloadOutlined, FileImageOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Skeleton, Tag, Tooltip } from 'antd';
import { useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../../lib/auth/permissions';
import type { ChartInstance, EChartsCoreOption } from '../../lib/charts/echarts';
import { LazyChart } from '../../lib/charts/LazyChart';
import { EmptyState, ErrorState } from '../../lib/ui/QueryStates';
import { servedAge } from './api';
import { downloadCsv, downloadDataUrl, type Cell } from './csv';

export interface ChartData {
  header: Cell[];
  rows: Cell[][];
}

interface Props {
  /** test id and file-name stem, e.g. "distribution" */
  id: string;
  title: ReactNode;
  /** the chart's accessible description */
  label: string;
  query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown; isFetching?: boolean; data?: unknown };
  /** what is missing when there is nothing to draw (null: there is data) */
  empty: ReactNode | null;
  option: EChartsCoreOption | null;
  data: ChartData | null;
  height?: number;
  /** controls above the chart (sliders, selects) */
  controls?: ReactNode;
  /** the result in words, under the chart */
  footer?: ReactNode;
  /** render instead of a chart (a table) */
  children?: ReactNode;
}

/** Where to bring in the missing data — only for those who may import (others would land on a 403). */
export function ImportLink({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  const canImport = useCan('imports:manage');
  if (!canImport) return null;
  return (
    <Link to="/imports" data-testid="empty-import-link">
      <Button type="primary" size="small">
        {children ?? t('analytics.goImport')}
      </Button>
    </Link>
  );
}

/** A dashboard card: loading, error with retry, empty state with the next step, chart + PNG/CSV export. */
export function ChartCard({ id, title, label, query, empty, option, data, height = 300, controls, footer, children }: Props) {
  const { t } = useTranslation();
  const chart = useRef<ChartInstance | null>(null);
  const ready = !query.isPending && !query.isError && empty === null;
  const exportPng = () => {
    const url = chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
    if (url) downloadDataUrl(url, `${id}.png`);
  };
  const exportCsv = () => data && downloadCsv(`${id}.csv`, data.header, data.rows);
  const age = servedAge(query.data);
  const extra = (
    <Flex gap={4} align="center">
      {age !== undefined && (
        <Tooltip title={t('analytics.staleHint')}>
          <Tag color="gold" style={{ marginInlineEnd: 0 }} data-testid={`${id}-stale`}>
            {t('analytics.stale', { minutes: Math.max(1, Math.round(age / 60)) })}
          </Tag>
        </Tooltip>
      )}
      {option && (
        <Tooltip title={t('analytics.exportPng')}>
          <Button size="small" icon={<FileImageOutlined />} aria-label={t('analytics.exportPng')} disabled={!ready} onClick={exportPng} data-testid={`${id}-png`} />
        </Tooltip>
      )}
      <Tooltip title={t('analytics.exportCsv')}>
        <Button size="small" icon={<DownloadOutlined />} aria-label={t('analytics.exportCsv')} disabled={!ready || !data} onClick={exportCsv} data-testid={`${id}-csv`} />
      </Tooltip>
    </Flex>
  );
  let body: ReactNode;
  if (query.isPending) body = <Skeleton.Node active style={{ width: '100%', height }} />;
  else if (query.isError) body = <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  else if (empty !== null) body = <EmptyState description={empty} action={<ImportLink />} />;
  else
    body = (
      <>
        {children ??
          (option && <LazyChart option={option} height={height} label={label} testId={`${id}-chart`} onInstance={(c) => (chart.current = c)} />)}
        {footer}
      </>
    );
  return (
    <Card title={title} size="small" extra={extra} data-testid={`card-${id}`} style={{ height: '100%' }} styles={{ body: { opacity: query.isFetching && !query.isPending ? 0.7 : 1 } }}>
      {controls}
      {body}
    </Card>
  );
}
