import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { call } from '../../lib/problem';

/** Searches users (name or email) and integration clients (name); the value is their id. */
export function ActorPicker({ value, onChange, id }: { value?: string; onChange?: (v: string | undefined) => void; id?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['audit', 'actors', q],
    queryFn: () => call(api.GET('/api/v1/audit-events/actors', { params: { query: { q: q || undefined } } })),
    staleTime: 30_000,
  });
  const chosen = useQuery({
    queryKey: ['audit', 'actor', value],
    queryFn: () => call(api.GET('/api/v1/audit-events/actors', { params: { query: { actor_id: value! } } })),
    enabled: Boolean(value) && !found.data?.some((a) => a.id === value),
    staleTime: 300_000,
  });
  const rows = [...(found.data ?? []), ...(chosen.data ?? [])];
  const options = [...new Map(rows.map((a) => [a.id, { value: a.id, label: a.email ? `${a.name} (${a.email})` : `${a.name} · ${t('audit.client')}` }])).values()];
  return (
    <Select
      id={id}
      showSearch
      allowClear
      filterOption={false}
      value={value || undefined}
      onChange={(v) => onChange?.(v)}
      onSearch={setQ}
      loading={found.isFetching}
      options={options}
      placeholder={t('audit.actorPlaceholder')}
      style={{ minWidth: 240 }}
      data-testid="audit-actor"
    />
  );
}
