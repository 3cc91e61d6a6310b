import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { authFetch } from '../../lib/auth/session';
import { PAGE_SIZE, useCursorList } from '../../lib/list/useCursorList';
import { api } from '../../api/client';
import { ApiError, call } from '../../lib/problem';
import type { ImportJob, ImportKind } from './contract';
import { isFinished } from './templates';

export const importKeys = {
  all: ['imports'] as const,
  list: ['imports', 'list'] as const,
  one: (id: string) => ['imports', 'one', id] as const,
};

async function send<T>(request: Request): Promise<T> {
  let response: Response;
  try {
    response = await authFetch(request);
  } catch (err) {
    throw new ApiError(0, { title: 'Network error', detail: String(err) });
  }
  if (!response.ok) throw new ApiError(response.status, (await response.json().catch(() => ({}))) as object);
  return (await response.json()) as T;
}

export interface ImportInput {
  file: File;
  kind: ImportKind;
  dryRun: boolean;
  /** file header → canonical column */
  mapping?: Record<string, string>;
}

/** POST /imports (multipart; sent as FormData, which the typed client does not build): a dry run answers the report, an import answers the pending job. */
export function createImport({ file, kind, dryRun, mapping }: ImportInput): Promise<ImportJob> {
  const body = new FormData();
  body.set('file', file, file.name);
  body.set('kind', kind);
  body.set('dry_run', dryRun ? 'true' : 'false');
  if (mapping && Object.keys(mapping).length) body.set('mapping', JSON.stringify(mapping));
  return send<ImportJob>(new Request('/api/v1/imports', { method: 'POST', body }));
}

export function useCreateImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createImport,
    onSuccess: (job) => {
      client.setQueryData(importKeys.one(job.id), job);
      void client.invalidateQueries({ queryKey: importKeys.list });
    },
  });
}

/** GET /imports/{id}, polled every second until it succeeded or failed. */
export function useImportJob(id: string | undefined) {
  const client = useQueryClient();
  return useQuery({
    queryKey: importKeys.one(id ?? ''),
    queryFn: async () => {
      const job = await call(api.GET('/api/v1/imports/{import_id}', { params: { path: { import_id: id! } } }));
      if (isFinished(job.status)) {
        void client.invalidateQueries({ queryKey: importKeys.list });
        void client.invalidateQueries({ queryKey: ['analytics'] });
      }
      return job;
    },
    enabled: Boolean(id),
    refetchInterval: (query) => (query.state.data && isFinished(query.state.data.status) ? false : 1000),
  });
}

export function useImportHistory() {
  return useCursorList(importKeys.list, (cursor) => call(api.GET('/api/v1/imports', { params: { query: { limit: PAGE_SIZE, cursor } } })));
}
