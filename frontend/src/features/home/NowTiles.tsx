import { Card, Col, Flex, Row, Skeleton, Typography } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { components } from '../../api/schema';
import { useAuth } from '../../lib/auth/context';
import { ErrorState } from '../../lib/ui/QueryStates';
import { useHomeSummary } from './api';

type Summary = components['schemas']['HomeSummary'];

interface Now {
  key: string;
  title: string;
  hint: string;
  count: number;
  /** red when something is late or broken */
  alert?: string | null;
  /** where to act on it (none when the caller may not open that page) */
  to?: string;
}

/** The counts this caller should act on, in a fixed order; the pending-review banner (PendingCard) is not repeated. */
export function nowTiles(s: Summary, menus: ReadonlySet<string>, reviewer: boolean, t: TFunction): Now[] {
  const out: Now[] = [];
  const has = (v: number | null | undefined): v is number => typeof v === 'number';
  if (has(s.pending_reviews) && !reviewer) {
    out.push({ key: 'pending', title: t('home.now.pending'), hint: t('home.now.pendingReadOnlyHint'), count: s.pending_reviews, to: '/workbench' });
  }
  if (has(s.new_results_this_week)) {
    out.push({ key: 'new', title: t('home.now.newThisWeek'), hint: t('home.now.newThisWeekHint'), count: s.new_results_this_week, to: '/workbench?status=all' });
  }
  if (has(s.open_feedback)) {
    const overdue = s.overdue_feedback ?? 0;
    out.push({
      key: 'feedback',
      title: t('home.now.feedback'),
      hint: menus.has('feedback-inbox') ? t('home.now.feedbackHint') : t('home.now.feedbackScopeHint'),
      count: s.open_feedback,
      alert: overdue ? t('home.now.overdue', { count: overdue }) : null,
      to: menus.has('feedback-inbox') ? '/feedback-inbox' : undefined,
    });
  }
  if (has(s.open_privacy_requests)) {
    const overdue = s.overdue_privacy_requests ?? 0;
    out.push({
      key: 'privacy',
      title: t('home.now.privacy'),
      hint: t('home.now.privacyHint'),
      count: s.open_privacy_requests,
      alert: overdue ? t('home.now.overdue', { count: overdue }) : null,
      to: menus.has('privacy-requests') ? (overdue ? '/privacy-requests?overdue=1' : '/privacy-requests') : undefined,
    });
  }
  if (has(s.failed_deliveries)) {
    out.push({
      key: 'deliveries',
      title: t('home.now.failedDeliveries'),
      hint: t('home.now.failedDeliveriesHint'),
      count: s.failed_deliveries,
      alert: s.failed_deliveries ? t('home.now.needsReplay') : null,
      to: menus.has('vendors') ? '/vendors' : undefined,
    });
  }
  if (has(s.failed_webhook_messages)) {
    out.push({
      key: 'webhooks',
      title: t('home.now.failedWebhooks'),
      hint: t('home.now.failedWebhooksHint'),
      count: s.failed_webhook_messages,
      alert: s.failed_webhook_messages ? t('home.now.needsReplay') : null,
      to: menus.has('webhook-endpoints') ? '/webhook-endpoints' : undefined,
    });
  }
  return out;
}

function NowCard({ now }: { now: Now }) {
  const body: ReactNode = (
    <Card hoverable={Boolean(now.to)} size="small" style={{ height: '100%' }} data-testid={`home-now-${now.key}`}>
      <Flex vertical gap={2}>
        <Typography.Text type="secondary">{now.title}</Typography.Text>
        <Flex align="baseline" gap={8} wrap>
          <span style={{ fontSize: 28, fontWeight: 600, color: now.alert ? '#cf1322' : '#0958d9' }} data-testid={`home-now-${now.key}-count`}>
            {now.count}
          </span>
          {now.alert && <Typography.Text type="danger">{now.alert}</Typography.Text>}
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {now.hint}
        </Typography.Text>
      </Flex>
    </Card>
  );
  return now.to ? (
    <Link to={now.to} aria-label={`${now.title}: ${now.count}`}>
      {body}
    </Link>
  ) : (
    body
  );
}

/** "What needs me now": one count per kind of work, each linking to where it is done. */
export function NowTiles({ reviewer }: { reviewer: boolean }) {
  const { t } = useTranslation();
  const { permissions } = useAuth();
  const summary = useHomeSummary();
  if (summary.isPending) return <Skeleton active title={false} paragraph={{ rows: 2 }} style={{ marginBottom: 16 }} />;
  if (summary.isError) return <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />;
  const tiles = nowTiles(summary.data, new Set(permissions?.menus ?? []), reviewer, t);
  if (!tiles.length) return null;
  return (
    <section aria-labelledby="home-now" style={{ marginBottom: 16 }} data-testid="home-now">
      <Typography.Title level={4} id="home-now" style={{ marginTop: 0 }}>
        {t('home.now.title')}
      </Typography.Title>
      <Row gutter={[12, 12]}>
        {tiles.map((now) => (
          <Col key={now.key} xs={12} md={8} xl={6}>
            <NowCard now={now} />
          </Col>
        ))}
      </Row>
    </section>
  );
}
