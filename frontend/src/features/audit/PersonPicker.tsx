import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { call } from '../../lib/problem';

/** Searches people by name or employee number; the value is a person id. */
export function PersonPicker({ value, onChange, id }: { value?: string; onChange?: (v: string | undefined) => void; id?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const people = useQuery({
    queryKey: ['people', 'pick', q],
    queryFn: () => call(api.GET('/api/v1/people', { params: { query: { limit: 20, q: q || undefined } } })),
    staleTime: 30_000,
  });
  const selected = useQuery({
    queryKey: ['people', value],
    queryFn: () => call(api.GET('/api/v1/people/{row_id}', { params: { path: { row_id: value! } } })),
    enabled: Boolean(value) && !people.data?.items.some((p) => p.id === value),
  });
  const rows = [...(people.data?.items ?? []), ...(selected.data ? [selected.data] : [])];
  const options = rows.map((p) => ({ value: p.id, label: p.employee_no ? `${p.name} (${p.employee_no})` : p.name }));
  return (
    <Select
      id={id}
      showSearch
      allowClear
      filterOption={false}
      value={value || undefined}
      onChange={(v) => onChange?.(v)}
      onSearch={setQ}
      loading={people.isFetching}
      options={options}
      placeholder={t('audit.personPlaceholder')}
      style={{ minWidth: 220 }}
    />
  );
}
