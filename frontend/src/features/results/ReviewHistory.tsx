import { Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/time';
import { ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { useReviews } from './api';
import { STATUS_COLORS } from './bits';

const DOT: Record<string, string> = { success: 'green', warning: 'orange', error: 'red', processing: 'blue' };

/** Who confirmed / returned / rejected the result, when, and with which note. */
export function ReviewHistory({ resultId }: { resultId: string }) {
  const { t } = useTranslation();
  const reviews = useReviews(resultId);
  if (reviews.isPending) return <LoadingSkeleton rows={2} />;
  if (reviews.isError) return <ErrorState error={reviews.error} onRetry={() => void reviews.refetch()} />;
  if (!reviews.data.length) return <Typography.Text type="secondary">{t('results.noReviews')}</Typography.Text>;
  const status = (s: string) => t(`results.statusName.${s}`, { defaultValue: s });
  return (
    <Timeline
      data-testid="review-history"
      items={reviews.data.map((r) => ({
        key: r.id,
        color: DOT[STATUS_COLORS[r.to_status as keyof typeof STATUS_COLORS] ?? ''] ?? 'gray',
        children: (
          <>
            <Typography.Text strong>{t(`results.action.${r.action}`, { defaultValue: r.action })}</Typography.Text>{' '}
            <Typography.Text type="secondary">
              {status(r.from_status)} → {status(r.to_status)} · {r.reviewer_name ?? '—'} · {formatDateTime(r.at)}
            </Typography.Text>
            {r.note && <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>{r.note}</Typography.Paragraph>}
          </>
        ),
      }))}
    />
  );
}
