// CSV for people who open it in Excel: UTF-8 with a BOM, CRLF line ends, RFC 4180 quoting.

export type Cell = string | number | null | undefined;

const BOM = '\ufeff';

// What a spreadsheet may take as the start of a formula: = + - @, tab, CR, LF and their
// full-width and small forms (＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫), the minus sign, also after leading blanks.
// The server's exports apply the same rule (backend/scorebridge/kit/spreadsheets.py).
const FORMULA_LEADER = /^(?:[ \u00a0\u3000\u200b\u200c\u2060\ufeff]|\u200d)*[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b\u2212]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Whether a spreadsheet could run this text as a formula (a plain number such as -3.5 is not). */
export function isFormulaLike(text: string): boolean {
  return FORMULA_LEADER.test(text) && !PLAIN_NUMBER.test(text);
}

/** Header and data cells alike: formula-like text gets a leading apostrophe, then RFC 4180 quoting. */
function cell(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  const safe = isFormulaLike(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The CSV text (with a UTF-8 BOM) of a header row and data rows. */
export function toCsv(header: readonly Cell[], rows: readonly (readonly Cell[])[]): string {
  return BOM + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Saves a Blob under a file name (object URL + a temporary link). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadCsv(name: string, header: readonly Cell[], rows: readonly (readonly Cell[])[]): void {
  saveBlob(new Blob([toCsv(header, rows)], { type: 'text/csv;charset=utf-8' }), name);
}

/** Saves a data: URL (an ECharts PNG) under a file name. */
export function downloadDataUrl(url: string, name: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** Parses CSV text (RFC 4180: quotes, doubled quotes, CR/LF) into rows of cells; a BOM is dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.startsWith(BOM) ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
