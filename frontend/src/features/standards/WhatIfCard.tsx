import { Alert, Card, Col, Collapse, DatePicker, Flex, List, Row, Select, Spin, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { SimulationDepartment, SimulationFlip, StandardSimulation } from '../../api/types';
import { ErrorState } from '../../lib/ui/QueryStates';
import { fmt2, formatP } from '../analytics/format';
import type { UseQueryResult } from '@tanstack/react-query';

export interface Period {
  from?: string;
  to?: string;
}

interface Props {
  query: UseQueryResult<StandardSimulation, unknown>;
  period: Period;
  onPeriod: (next: Period) => void;
  outcome: string | undefined;
  outcomes: string[];
  onOutcome: (next: string | undefined) => void;
}

const pct = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`);

function Who({ items }: { items: SimulationFlip[] }) {
  return (
    <List
      size="small"
      dataSource={items}
      renderItem={(f) => (
        <List.Item>
          <Flex justify="space-between" style={{ width: '100%' }} gap={8}>
            <span>
              {f.person.name}
              {f.person.employee_no ? ` (${f.person.employee_no})` : ''}
              {f.department ? ` · ${f.department.name}` : ''}
            </span>
            <Typography.Text type="secondary">
              {f.current_total === null ? '' : `${f.current_total.toFixed(1)} → `}
              {f.draft_total.toFixed(1)}
            </Typography.Text>
          </Flex>
        </List.Item>
      )}
    />
  );
}

/** What the draft would change: pass rates, flips and who, per department, and the outcome. */
export function WhatIfCard({ query, period, onPeriod, outcome, outcomes, onOutcome }: Props) {
  const { t } = useTranslation();
  const s = query.data;
  const range: [Dayjs | null, Dayjs | null] = [period.from ? dayjs(period.from) : null, period.to ? dayjs(period.to) : null];
  const controls = (
    <Flex wrap gap={8} style={{ marginBottom: 12 }}>
      <DatePicker.RangePicker
        aria-label={t('standards.period')}
        placeholder={[t('standards.period'), t('standards.period')]}
        allowEmpty={[true, true]}
        value={range}
        onChange={(v) => onPeriod({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })}
        style={{ flex: '1 1 220px', maxWidth: 300 }}
      />
      <Select
        allowClear
        aria-label={t('standards.outcome')}
        placeholder={t('standards.outcomePlaceholder')}
        value={outcome}
        onChange={(v: string | undefined) => onOutcome(v || undefined)}
        options={outcomes.map((m) => ({ value: m, label: m }))}
        style={{ flex: '1 1 180px', maxWidth: 240 }}
      />
    </Flex>
  );
  let body: React.ReactNode;
  if (query.isError) body = <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  else if (!s) body = <Spin />;
  else if (s.n === 0) body = <Alert type="info" showIcon message={t('standards.empty')} />;
  else
    body = (
      <Flex vertical gap={12}>
        <Row gutter={[12, 12]}>
          <Col xs={12} md={6}>
            <Statistic title={t('standards.results')} value={s.n} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('standards.passRateNow')}
              value={s.current.pass_rate === null ? t('standards.noCurrent') : pct(s.current.pass_rate)}
              valueStyle={{ fontSize: s.current.pass_rate === null ? 14 : undefined }}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('standards.passRateDraft')} value={pct(s.draft.pass_rate)} data-testid="draft-pass-rate" />
          </Col>
          <Col xs={12} md={6}>
            <Flex vertical>
              <Typography.Text type="secondary">{t('standards.toPass')} / {t('standards.toFail')}</Typography.Text>
              <Typography.Text strong style={{ fontSize: 20 }} data-testid="flips">
                <span style={{ color: '#389e0d' }}>+{s.flips.to_pass}</span> / <span style={{ color: '#cf1322' }}>−{s.flips.to_fail}</span>
              </Typography.Text>
            </Flex>
          </Col>
        </Row>
        {(s.flips.who_to_pass.length > 0 || s.flips.who_to_fail.length > 0) && (
          <Collapse
            size="small"
            items={[
              ...(s.flips.who_to_pass.length
                ? [{ key: 'pass', label: t('standards.whoToPass', { count: s.flips.who_to_pass.length }), children: <Who items={s.flips.who_to_pass} /> }]
                : []),
              ...(s.flips.who_to_fail.length
                ? [{ key: 'fail', label: t('standards.whoToFail', { count: s.flips.who_to_fail.length }), children: <Who items={s.flips.who_to_fail} /> }]
                : []),
            ]}
          />
        )}
        <Table<SimulationDepartment>
          size="small"
          rowKey={(d) => d.department?.id ?? 'none'}
          pagination={false}
          scroll={{ x: 'max-content' }}
          title={() => t('standards.byDepartment')}
          dataSource={s.by_department}
          columns={[
            { title: t('standards.department'), key: 'd', render: (_, d) => d.department?.name ?? t('standards.noDepartment') },
            { title: t('standards.n'), dataIndex: 'n', align: 'right' },
            { title: t('standards.nowRate'), key: 'now', align: 'right', render: (_, d) => pct(d.current_rate) },
            { title: t('standards.draftRate'), key: 'draft', align: 'right', render: (_, d) => pct(d.draft_rate) },
          ]}
        />
        {s.outcome && (
          <Card size="small" title={`${t('standards.outcomeTitle')}(${s.outcome.metric})`} data-testid="whatif-outcome">
            <Flex wrap gap={24}>
              <Statistic title={`${t('standards.passedMean')} (n=${s.outcome.passed_n})`} value={s.outcome.passed_mean ?? '—'} precision={1} />
              <Statistic title={`${t('standards.failedMean')} (n=${s.outcome.failed_n})`} value={s.outcome.failed_mean ?? '—'} precision={1} />
            </Flex>
            <Typography.Paragraph type={s.outcome.enough_data ? undefined : 'secondary'} style={{ margin: '8px 0 0' }}>
              {s.outcome.enough_data ? t('standards.welch', { t: fmt2(s.outcome.welch_t), p: formatP(s.outcome.p_value) }) : t('standards.notEnough')}
            </Typography.Paragraph>
          </Card>
        )}
      </Flex>
    );
  return (
    <Card
      title={t('standards.whatIf')}
      size="small"
      extra={query.isFetching ? <Spin size="small" /> : null}
      data-testid="what-if"
    >
      <Typography.Paragraph type="secondary">{t('standards.whatIfHint')}</Typography.Paragraph>
      {controls}
      {body}
    </Card>
  );
}
