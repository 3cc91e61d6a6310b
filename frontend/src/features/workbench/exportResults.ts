import { authFetch } from '../../lib/auth/session';
import { ApiError } from '../../lib/problem';
import type { ResultQuery } from './filters';

export type ExportFormat = 'csv' | 'xlsx';

/** The file name from Content-Disposition (RFC 6266, `filename*` first), else a fallback. */
export function fileNameFrom(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain filename
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain?.[1]?.trim() || fallback;
}

/** The export's query: the list's filters and its sort (rows in the order on screen). */
export function exportUrl(format: ExportFormat, query: ResultQuery): string {
  const params = new URLSearchParams({ format });
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  return `/api/v1/results/export?${params.toString()}`;
}

/** Downloads GET /results/export with the bearer token (fetch → blob → object URL). */
export async function downloadExport(format: ExportFormat, query: ResultQuery): Promise<void> {
  let response: Response;
  try {
    response = await authFetch(new Request(exportUrl(format, query)));
  } catch (err) {
    throw new ApiError(0, { title: 'Network error', detail: String(err) });
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new ApiError(response.status, problem as object);
  }
  const blob = await response.blob();
  const name = fileNameFrom(response.headers.get('Content-Disposition'), `results.${format}`);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
