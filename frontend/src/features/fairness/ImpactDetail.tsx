import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Col, List, Row, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LazyChart } from '../../lib/charts/LazyChart';
import { errorMessage } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { EmptyState, ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { fmt1, fmt2 } from '../analytics/format';
import { downloadReport, type AuditQuery, type useAdverseImpact } from './api';
import { impactOption, pValue } from './charts';
import type { AdverseImpact, ImpactGroup } from './contract';


/** The method and data window in words, as the report states them. */
function useStatement(audit: AdverseImpact) {
  const { t } = useTranslation();
  const group = (key: string | null | undefined) => (key ? t(`fairness.groups.${key}`, { defaultValue: key }) : '—');
  const basis =
    audit.basis === 'median'
      ? t('fairness.detail.basisMedian', { median: fmt1(audit.median) })
      : audit.basis === 'threshold'
        ? t('fairness.detail.basisThreshold', { threshold: audit.threshold ?? '' })
        : t('fairness.detail.basisStandard', { version: audit.standard_version ?? '' });
  const method = audit.test
    ? t('fairness.detail.methodText', { basis, reference: group(audit.reference), test: t(`fairness.tests.${audit.test}`), p: pValue(audit.fisher_p) })
    : t('fairness.detail.methodNoTest', { basis });
  const window = audit.window.first
    ? t('fairness.detail.window', { first: formatDateTime(audit.window.first), last: formatDateTime(audit.window.last), n: audit.n })
    : t('fairness.detail.noWindow');
  return { method, window, group };
}

function Summary({ audit, group }: { audit: AdverseImpact; group: (k: string) => string }) {
  const { t } = useTranslation();
  const flagged = audit.groups.filter((g) => g.flag).sort((a, b) => (a.impact_ratio ?? 0) - (b.impact_ratio ?? 0));
  if (audit.groups.length < 2) return <Alert type="info" showIcon message={t('fairness.detail.noGroups')} style={{ marginBottom: 12 }} />;
  if (flagged.length === 0) return <Alert type="success" showIcon message={t('fairness.detail.fine')} style={{ marginBottom: 12 }} />;
  const significant = audit.fisher_p !== null && audit.fisher_p !== undefined && audit.fisher_p < 0.05;
  const significance = t(significant ? 'fairness.detail.significant' : 'fairness.detail.notSignificant', { p: pValue(audit.fisher_p) });
  return (
    <Alert
      type={significant ? 'error' : 'warning'}
      showIcon
      data-testid="fairness-flag"
      style={{ marginBottom: 12 }}
      message={flagged.map((g) => t('fairness.detail.flaggedAlert', { group: group(g.key), ratio: fmt2(g.impact_ratio), significance })).join(' ')}
    />
  );
}

export function ImpactDetail({ query, ask }: { query: ReturnType<typeof useAdverseImpact>; ask: AuditQuery }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [downloading, setDownloading] = useState(false);
  if (query.isPending) return <LoadingSkeleton />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const audit = query.data;
  const download = async () => {
    setDownloading(true);
    try {
      await downloadReport(ask);
      void message.success(t('fairness.detail.downloaded'));
    } catch (err) {
      void message.error(errorMessage(err, t));
    } finally {
      setDownloading(false);
    }
  };
  return (
    <Card
      size="small"
      data-testid="fairness-detail"
      title={t('fairness.detail.title', { position: audit.position.name, attribute: t(`fairness.attributes.${audit.attribute}`) })}
      extra={
        <Button icon={<DownloadOutlined aria-hidden />} onClick={() => void download()} loading={downloading} disabled={audit.n === 0} data-testid="fairness-download">
          {t('fairness.detail.download')}
        </Button>
      }
    >
      {audit.n === 0 ? <EmptyState description={t('fairness.detail.empty')} /> : <DetailBody audit={audit} />}
    </Card>
  );
}

function DetailBody({ audit }: { audit: AdverseImpact }) {
  const { t } = useTranslation();
  const { method, window, group } = useStatement(audit);
  const option = useMemo(
    () => impactOption(audit.groups, { group, ratio: t('fairness.detail.ratio'), rate: t('fairness.detail.rate'), line: t('fairness.detail.line') }),
    [audit.groups, group, t],
  );
  return (
    <>
      <Summary audit={audit} group={group} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          {audit.groups.length > 0 && (
            <LazyChart option={option} height={280} label={t('fairness.detail.chartLabel', { position: audit.position.name })} testId="fairness-chart" />
          )}
        </Col>
        <Col xs={24} xl={12}>
          <Table<ImpactGroup>
            size="small"
            rowKey="key"
            dataSource={audit.groups}
            pagination={false}
            scroll={{ x: true }}
            data-testid="fairness-groups"
            columns={[
              { title: t('fairness.detail.group'), key: 'group', render: (_, g) => group(g.key) },
              { title: t('fairness.detail.n'), dataIndex: 'n', key: 'n' },
              { title: t('fairness.detail.selected'), dataIndex: 'selected', key: 'selected' },
              { title: t('fairness.detail.rate'), key: 'rate', render: (_, g) => `${fmt1(g.rate * 100)}%` },
              {
                title: t('fairness.detail.ratio'),
                key: 'ratio',
                render: (_, g) => (g.flag ? <Tag color="red">{fmt2(g.impact_ratio)}</Tag> : fmt2(g.impact_ratio)),
              },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('fairness.detail.excluded')}
          </Typography.Title>
          {audit.excluded.length === 0 ? (
            <Typography.Text type="secondary">{t('fairness.detail.noExcluded')}</Typography.Text>
          ) : (
            <List
              size="small"
              data-testid="fairness-excluded"
              dataSource={audit.excluded}
              renderItem={(e) => (
                <List.Item>
                  {group(e.key)} · n={e.n} · {t(`fairness.why.${e.why}`)}
                </List.Item>
              )}
            />
          )}
        </Col>
      </Row>
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 4 }} data-testid="fairness-method">
        <Typography.Text strong>{t('fairness.detail.method')}:</Typography.Text> {method}
      </Typography.Paragraph>
      <Typography.Paragraph style={{ marginBottom: 4 }} data-testid="fairness-window">
        {window}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('fairness.detail.limits')}</Typography.Paragraph>
    </>
  );
}
