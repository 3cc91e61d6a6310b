// ECharts puts a tooltip formatter's string into the page as HTML. Vendor, import and user text
// (position, department, dimension names, comments…) is hostile, so every chart goes through
// `guardTooltips` (EChart does it): a formatter's plain string is escaped, and only markup built
// with `html\`…\`` (which escapes each interpolated value) is shown as markup. Canvas labels
// (axis labels, series labels, legends) are drawn as text and need nothing.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Markup whose every interpolated value was escaped (or was itself TooltipHtml). */
export class TooltipHtml {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

function piece(value: unknown): string {
  if (value instanceof TooltipHtml) return value.markup;
  if (Array.isArray(value)) return value.map(piece).join('');
  return escapeHtml(value);
}

/** `html\`<b>${name}</b>\``: the literal parts are markup, each `${…}` is escaped text. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): TooltipHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += piece(value) + (strings[i + 1] ?? '');
  });
  return new TooltipHtml(out);
}

/** Tooltip lines, one under the other (empty ones dropped). */
export function tooltipLines(lines: (TooltipHtml | string | null | undefined | false)[]): TooltipHtml {
  return new TooltipHtml(lines.filter((l) => l !== null && l !== undefined && l !== false && l !== '').map(piece).join('<br/>'));
}

type Formatter = (...args: unknown[]) => unknown;

function guardFormatter(formatter: Formatter): Formatter {
  return (...args: unknown[]) => {
    const out = formatter(...args);
    if (out instanceof TooltipHtml) return out.markup;
    if (typeof out === 'string') return escapeHtml(out);
    return out; // ECharts also accepts DOM nodes and arrays, which it does not parse as HTML
  };
}

function guardTooltip(tooltip: unknown): unknown {
  if (Array.isArray(tooltip)) return tooltip.map(guardTooltip);
  if (!tooltip || typeof tooltip !== 'object') return tooltip;
  const t = tooltip as Record<string, unknown>;
  const guarded: Record<string, unknown> = { ...t };
  // A string template ('{b}: {c}') is ours; ECharts escapes the values it puts into it.
  if (typeof t.formatter === 'function') guarded.formatter = guardFormatter(t.formatter as Formatter);
  return guarded;
}

/** The option with every tooltip formatter (top level and per series) made safe. */
export function guardTooltips<T extends object>(option: T): T {
  const o = option as Record<string, unknown>;
  const guarded: Record<string, unknown> = { ...o };
  if ('tooltip' in o) guarded.tooltip = guardTooltip(o.tooltip);
  if (Array.isArray(o.series)) {
    guarded.series = o.series.map((s: unknown) =>
      s && typeof s === 'object' && 'tooltip' in s ? { ...s, tooltip: guardTooltip((s as { tooltip: unknown }).tooltip) } : s,
    );
  }
  return guarded as T;
}
