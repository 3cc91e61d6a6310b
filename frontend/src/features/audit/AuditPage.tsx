import { Button, Descriptions, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { AuditEvent } from '../../api/types';
import { CursorTable } from '../../lib/list/CursorTable';
import { PAGE_SIZE, useCursorList } from '../../lib/list/useCursorList';
import { call } from '../../lib/problem';
import { formatDateTime } from '../../lib/time';
import { PageHeader } from '../../lib/ui/PageHeader';
import { actionName } from './actions';
import { AuditFilters, type AuditFilterValues } from './AuditFilters';

function Detail({ detail }: { detail: Record<string, unknown> }) {
  const entries = Object.entries(detail ?? {});
  if (entries.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Descriptions size="small" column={1} bordered>
      {entries.map(([k, v]) => (
        <Descriptions.Item key={k} label={k}>
          {typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v)}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

export default function AuditPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters: AuditFilterValues = {
    action: params.get('action') || undefined,
    actor_id: params.get('actor_id') || undefined,
    person_id: params.get('person_id') || undefined,
  };
  const filtered = Boolean(filters.action || filters.actor_id || filters.person_id);
  const list = useCursorList(['audit-events', filters], (cursor) =>
    call(api.GET('/api/v1/audit-events', { params: { query: { limit: PAGE_SIZE, cursor, ...filters } } })),
  );
  const apply = (v: AuditFilterValues) => {
    const next = new URLSearchParams();
    for (const [k, val] of Object.entries(v)) if (val) next.set(k, val);
    setParams(next, { replace: true });
  };

  const columns: TableColumnsType<AuditEvent> = [
    { title: t('audit.at'), key: 'at', render: (_, e) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</span> },
    { title: t('audit.actor'), key: 'actor', render: (_, e) => e.actor_name ?? t('audit.system') },
    { title: t('audit.action'), key: 'action', render: (_, e) => <Tag title={e.action}>{actionName(t, e.action)}</Tag> },
    {
      title: t('audit.target'),
      key: 'target',
      render: (_, e) => (e.target_type ? `${e.target_type}${e.target_id ? ` · ${e.target_id.slice(0, 8)}` : ''}` : ''),
    },
    { title: t('audit.ip'), dataIndex: 'ip', key: 'ip' },
  ];

  return (
    <>
      <PageHeader title={t('audit.title')} />
      <AuditFilters key={params.toString()} value={filters} onChange={apply} />
      <CursorTable<AuditEvent>
        list={list}
        rowKey="id"
        columns={columns}
        expandable={{ expandedRowRender: (e) => <Detail detail={e.detail as Record<string, unknown>} /> }}
        empty={t('audit.empty')}
        emptyAction={filtered ? <Button onClick={() => apply({})}>{t('common.reset')}</Button> : undefined}
      />
    </>
  );
}
