import { Button, Flex, Segmented, Switch } from 'antd';
import { useSearchParams } from 'react-router';
import { EmptyState } from './QueryStates';

/** A queue's filters kept in the address: `?status=` (default `open`) and `?overdue=1`. */
export function useQueueParams<S extends string>() {
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? 'open') as S | 'all';
  const overdue = params.get('overdue') === '1';
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };
  return { params, status, overdue, update };
}

type Update = (changes: Record<string, string | null>) => void;

/** Status tabs and the "overdue only" switch of a queue with a due date (feedback, privacy requests). */
export function QueueFilters<S extends string>({
  statuses,
  status,
  overdue,
  update,
  statusLabel,
  ariaLabel,
  overdueLabel,
}: {
  statuses: (S | 'all')[];
  status: S | 'all';
  overdue: boolean;
  update: Update;
  statusLabel: (status: S | 'all') => string;
  ariaLabel: string;
  overdueLabel: string;
}) {
  return (
    <Flex gap={12} align="center" wrap style={{ marginBottom: 8 }}>
      <Segmented
        aria-label={ariaLabel}
        value={status}
        onChange={(v) => update({ status: v === 'open' ? null : String(v) })}
        options={statuses.map((s) => ({ value: s, label: statusLabel(s) }))}
      />
      <label style={{ display: 'inline-flex', alignItems: 'center', gap: 8, minHeight: 44 }}>
        <Switch checked={overdue} onChange={(v) => update({ overdue: v ? '1' : null })} size="small" />
        {overdueLabel}
      </label>
    </Flex>
  );
}

/** An empty queue; while filtered, one click shows everything. */
export function QueueEmpty({ filtered, update, description, showAll }: { filtered: boolean; update: Update; description: string; showAll: string }) {
  return (
    <EmptyState
      description={description}
      action={
        filtered ? (
          <Button type="primary" onClick={() => update({ status: 'all', overdue: null })}>
            {showAll}
          </Button>
        ) : undefined
      }
    />
  );
}
