// The columns of each import kind (Chinese headers, as in CONTRACT.md) and template files made in
// the browser.
import { toCsv, type Cell } from '../analytics/csv';
import type { ImportKind, ImportStatus, RowError } from './contract';

export const IMPORT_KINDS: readonly ImportKind[] = ['performance', 'results', 'people', 'training'];
export const MAX_BYTES = 50 * 1024 * 1024;
export const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const PEOPLE_COLUMNS: [string, string][] = [
  ['employee_no', '工号'],
  ['name', '姓名'],
  ['email', '邮箱'],
  ['phone', '手机'],
  ['department', '部门'],
];

/** canonical column → Chinese header, per kind (in template order). */
export const COLUMNS: Record<ImportKind, [string, string][]> = {
  people: [...PEOPLE_COLUMNS, ['hired_on', '入职日期'], ['left_on', '离职日期']],
  results: [
    ...PEOPLE_COLUMNS,
    ['position', '岗位'],
    ['batch', '批次'],
    ['interviewed_at', '面试时间'],
    ['total_score', '总分'],
    ['max_score', '满分'],
  ],
  performance: [
    ['employee_no', '工号'],
    ['period', '周期'],
    ['metric', '指标'],
    ['value', '数值'],
  ],
  training: [
    ['employee_no', '工号'],
    ['course', '课程'],
    ['completed_at', '完成时间'],
    ['score', '成绩'],
  ],
};

export const REQUIRED: Record<ImportKind, readonly string[]> = {
  people: ['employee_no', 'name'],
  results: ['employee_no', 'total_score'],
  performance: ['employee_no', 'period', 'metric', 'value'],
  training: ['employee_no', 'course', 'completed_at'],
};

const EXAMPLES: Record<ImportKind, Cell[][]> = {
  people: [['E1001', '张伟', 'zhang.wei@example.com', '13800138001', 'sales', '2024-03-01', '']],
  results: [['E1001', '张伟', 'zhang.wei@example.com', '13800138001', 'sales', 'sales-rep', '2026-spring', '2026-11-20 09:30', 87.5, 100, 85, 78]],
  performance: [
    ['E1001', '2026-Q3', '合规绩效', 82.5],
    ['E1001', '2026-Q4', '合规绩效', 85],
  ],
  training: [['E1001', '合规与风险管理', '2026-11-20', 92]],
};

/** The header row of a kind's template (results add two example dimension columns). */
export function templateHeaders(kind: ImportKind): string[] {
  const headers = COLUMNS[kind].map(([, zh]) => zh);
  return kind === 'results' ? [...headers, '维度:communication', '维度:risk-awareness'] : headers;
}

/** The template file's text: UTF-8 with BOM, the header and an example row. */
export function templateCsv(kind: ImportKind): string {
  return toCsv(templateHeaders(kind), EXAMPLES[kind]);
}

export function isFinished(status: ImportStatus): boolean {
  return status === 'succeeded' || status === 'failed';
}

/** Percent of the valid rows written so far (0–100). */
export function progressPercent(job: { status: ImportStatus; processed_rows: number; valid_rows: number }): number {
  if (job.status === 'succeeded') return 100;
  if (job.valid_rows <= 0) return 0;
  return Math.min(100, Math.floor((job.processed_rows / job.valid_rows) * 100));
}

/**
 * The rows of the file that have errors, as CSV: the original header plus an "错误" column, one
 * line per bad row with its messages. Without the file's cells (XLSX), just row/column/message.
 */
export function errorRowsCsv(errors: readonly RowError[], fileRows: string[][] | null, labels: { row: string; column: string; message: string }): string {
  const byRow = new Map<number, RowError[]>();
  for (const e of errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), e]);
  const describe = (list: RowError[]) => list.map((e) => (e.column ? `${e.column}: ${e.message}` : e.message)).join('; ');
  if (fileRows && fileRows.length > 0) {
    const header = fileRows[0] ?? [];
    const rows = [...byRow].sort(([a], [b]) => a - b).map(([row, list]) => [row, ...(fileRows[row - 1] ?? []), describe(list)]);
    return toCsv([labels.row, ...header, labels.message], rows);
  }
  return toCsv([labels.row, labels.column, labels.message], errors.map((e) => [e.row, e.column, e.message]));
}

/** Decodes a CSV file as the server does: UTF-8 (with or without BOM), else GB18030/GBK. */
export function decodeCsv(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

const COUNT_KEY = /^(people|results|performance|training)_(created|updated|unchanged)$/;

/** The created / updated / unchanged counts of a finished import (internal counters left out). */
export function countParts(counts: Record<string, number>): { kind: ImportKind; action: 'created' | 'updated' | 'unchanged'; count: number }[] {
  return Object.entries(counts).flatMap(([key, count]) => {
    const m = COUNT_KEY.exec(key);
    return m && count > 0 ? [{ kind: m[1] as ImportKind, action: m[2] as 'created' | 'updated' | 'unchanged', count }] : [];
  });
}
