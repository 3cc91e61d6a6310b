import { Tag, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/time';
import { ErrorState, LoadingSkeleton } from '../../lib/ui/QueryStates';
import { useRevisions } from './api';
import { revisionDiffs, type FieldChange, type RevisionDiff } from './revisionDiff';

function show(value: unknown, field: FieldChange['field']): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'interviewed_at' && typeof value === 'string') return formatDateTime(value);
  if (Array.isArray(value)) return value.join(';');
  if (typeof value === 'number') return String(Math.round(value * 10) / 10);
  return String(value);
}

function Changes({ diff, t }: { diff: RevisionDiff; t: TFunction }) {
  if (!diff.fields.length && !diff.dimensions.length) return <Typography.Text type="secondary">{t('results.revisionNoChange')}</Typography.Text>;
  return (
    <ul style={{ margin: 0, paddingInlineStart: 18 }}>
      {diff.fields.map((c) => (
        <li key={c.field}>
          {t(`results.field.${c.field}`)}:
          {c.field === 'comment' || c.field === 'suggestions' ? (
            <Typography.Text type="secondary"> {t('results.commentChanged')}</Typography.Text>
          ) : (
            <>
              <Typography.Text delete type="secondary">
                {show(c.from, c.field)}
              </Typography.Text>{' '}
              → <Typography.Text strong>{show(c.to, c.field)}</Typography.Text>
            </>
          )}
        </li>
      ))}
      {diff.dimensions.map((d) => (
        <li key={d.code}>
          {d.kind === 'added' && t('results.dimensionAdded', { name: d.name, to: d.to })}
          {d.kind === 'removed' && t('results.dimensionRemoved', { name: d.name, from: d.from })}
          {d.kind === 'changed' && t('results.dimensionChanged', { name: d.name, from: d.from ?? '—', to: d.to ?? '—' })}
          {d.commentChanged && d.from === d.to && <Typography.Text type="secondary"> {t('results.commentChanged')}</Typography.Text>}
        </li>
      ))}
    </ul>
  );
}

/** Every revision, newest first, each with what changed from the one before. */
export function RevisionHistory({ resultId }: { resultId: string }) {
  const { t } = useTranslation();
  const revisions = useRevisions(resultId);
  if (revisions.isPending) return <LoadingSkeleton rows={3} />;
  if (revisions.isError) return <ErrorState error={revisions.error} onRetry={() => void revisions.refetch()} />;
  const items = revisionDiffs(revisions.data.items);
  return (
    <Timeline
      data-testid="revision-history"
      items={items.map(({ revision, diff }, i) => ({
        key: revision.id,
        color: i === 0 ? 'blue' : 'gray',
        children: (
          <>
            <Typography.Text strong>{t('results.revisionN', { n: revision.revision })}</Typography.Text>{' '}
            <Tag title={revision.source}>{t(`results.revisionSource.${revision.source}`, { defaultValue: revision.source })}</Tag>
            <Typography.Text type="secondary">{formatDateTime(revision.created_at)}</Typography.Text>
            <div style={{ marginTop: 4 }}>
              {i === items.length - 1 ? <Typography.Text type="secondary">{t('results.revisionFirst')}</Typography.Text> : <Changes diff={diff} t={t} />}
            </div>
          </>
        ),
      }))}
    />
  );
}
