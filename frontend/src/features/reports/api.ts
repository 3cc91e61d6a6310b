import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { authFetch } from '../../lib/auth/session';
import { ApiError, call } from '../../lib/problem';
import { fileNameFrom } from '../workbench/exportResults';

export const reportKeys = { list: ['reports', 'list'] as const };

/** The newest 50 packs; polled while one is still being made. */
export function useReports() {
  return useQuery({
    queryKey: reportKeys.list,
    queryFn: () => call(api.GET('/api/v1/reports', { params: { query: { limit: 50 } } })),
    refetchInterval: (query) =>
      query.state.data?.items.some((r) => r.status === 'pending' || r.status === 'running') ? 2000 : false,
  });
}

export function useCreateReport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { period: string; department_id?: string }) => call(api.POST('/api/v1/reports', { body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: reportKeys.list }),
  });
}

/** Downloads a pack with the bearer token (fetch → blob → object URL). */
export async function downloadReport(id: string, format: 'xlsx' | 'pdf'): Promise<void> {
  const response = await authFetch(new Request(`/api/v1/reports/${encodeURIComponent(id)}/download?format=${format}`));
  if (!response.ok) throw new ApiError(response.status, (await response.json().catch(() => ({}))) as object);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameFrom(response.headers.get('Content-Disposition'), `report.${format}`);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
