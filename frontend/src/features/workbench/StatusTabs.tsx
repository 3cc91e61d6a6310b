import { Badge, Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ResultStatus, StatusCounts } from '../../api/types';
import { RESULT_STATUSES } from './filters';

interface Props {
  value: ResultStatus | undefined;
  counts?: StatusCounts;
  onChange: (status: ResultStatus | undefined) => void;
}

/** Status switcher with a count badge per status (same other filters). */
export function StatusTabs({ value, counts, onChange }: Props) {
  const { t } = useTranslation();
  const label = (s: ResultStatus) => {
    const c = counts?.[s];
    return (
      <span data-testid={`status-tab-${s}`}>
        {t(`results.statusName.${s}`)}{' '}
        {c !== undefined && (
          <Badge
            count={c}
            showZero
            overflowCount={999}
            color={s === 'pending_review' && c > 0 ? '#0958d9' : '#595959'}
            data-testid={`status-count-${s}`}
          />
        )}
      </span>
    );
  };
  return (
    <div style={{ overflowX: 'auto', maxWidth: '100%', marginBottom: 12 }}>
      <Segmented<string>
        value={value ?? 'all'}
        onChange={(v) => onChange(v === 'all' ? undefined : (v as ResultStatus))}
        options={[
          ...RESULT_STATUSES.map((s) => ({ value: s, label: label(s) })),
          {
            value: 'all',
            label: (
              <span data-testid="status-tab-all">
                {t('results.countsAll')} {counts && <Badge count={counts.total} showZero overflowCount={9999} color="#595959" />}
              </span>
            ),
          },
        ]}
        aria-label={t('results.status')}
      />
    </div>
  );
}
