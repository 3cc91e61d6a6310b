import { Badge, Button, Flex, Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ResultStatus, StatusCounts } from '../../api/types';
import { useIsMobile } from '../../lib/ui/media';
import { RESULT_STATUSES } from './filters';

interface Props {
  value: ResultStatus | undefined;
  counts?: StatusCounts;
  onChange: (status: ResultStatus | undefined) => void;
}

/** Status switcher with a count badge per status (same other filters). */
export function StatusTabs({ value, counts, onChange }: Props) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
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
  const options = [
    ...RESULT_STATUSES.map((s) => ({ value: s as string, label: label(s) })),
    {
      value: 'all',
      label: (
        <span data-testid="status-tab-all">
          {t('results.countsAll')} {counts && <Badge count={counts.total} showZero overflowCount={9999} color="#595959" />}
        </span>
      ),
    },
  ];
  const current = value ?? 'all';
  const pick = (v: string) => onChange(v === 'all' ? undefined : (v as ResultStatus));
  if (mobile) {
    // Phones: the five statuses wrap onto two lines instead of being cut off at the edge.
    return (
      <Flex wrap gap={8} role="group" aria-label={t('results.status')} style={{ marginBottom: 12 }} data-testid="status-tabs">
        {options.map((o) => (
          <Button key={o.value} type={o.value === current ? 'primary' : 'default'} ghost={o.value === current} aria-pressed={o.value === current} onClick={() => pick(o.value)}>
            {o.label}
          </Button>
        ))}
      </Flex>
    );
  }
  return (
    <div style={{ overflowX: 'auto', maxWidth: '100%', marginBottom: 12 }}>
      <Segmented<string>
        value={current}
        onChange={pick}
        options={options}
        aria-label={t('results.status')}
      />
    </div>
  );
}
