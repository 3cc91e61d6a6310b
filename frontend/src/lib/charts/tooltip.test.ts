import { describe, expect, it } from 'vitest';
import { escapeHtml, guardTooltips, html, TooltipHtml, tooltipLines } from './tooltip';

const PAYLOAD = '<img src=x onerror="alert(1)">';

describe('escapeHtml', () => {
  it('escapes every character that could open markup or leave an attribute', () => {
    expect(escapeHtml(`a&b<c>"d"'e'`)).toBe('a&amp;b&lt;c&gt;&quot;d&quot;&#39;e&#39;');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(42)).toBe('42');
  });
});

describe('html and tooltipLines', () => {
  it('keeps the template as markup and escapes each value', () => {
    const out = html`<b>${PAYLOAD}</b> ${3}`;
    expect(out.markup).toBe('<b>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</b> 3');
  });

  it('nests trusted markup without escaping it twice', () => {
    const marker = new TooltipHtml('<span class="dot"></span>');
    expect(html`${marker}${'A&B'}`.markup).toBe('<span class="dot"></span>A&amp;B');
  });

  it('joins lines, escaping plain strings and dropping empty ones', () => {
    const out = tooltipLines([html`<b>${'销售部'}</b>`, PAYLOAD, null, '', false, 'n=3']);
    expect(out.markup).toBe('<b>销售部</b><br/>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;<br/>n=3');
  });
});

describe('guardTooltips', () => {
  const call = (option: Record<string, unknown>, path: 'top' | 'series', ...args: unknown[]) => {
    const guarded = guardTooltips(option) as { tooltip?: { formatter: (...a: unknown[]) => unknown }; series?: { tooltip: { formatter: (...a: unknown[]) => unknown } }[] };
    const formatter = path === 'top' ? guarded.tooltip!.formatter : guarded.series![0]!.tooltip.formatter;
    return formatter(...args);
  };

  it('escapes a formatter that returns a plain string (the old, unsafe way)', () => {
    const option = { tooltip: { formatter: (p: { name: string }) => `<b>${p.name}</b>` } };
    expect(call(option, 'top', { name: PAYLOAD })).toBe('&lt;b&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;/b&gt;');
  });

  it('lets markup built with html`…` through', () => {
    const option = { tooltip: { formatter: (p: { name: string }) => html`<b>${p.name}</b>` } };
    expect(call(option, 'top', { name: PAYLOAD })).toBe('<b>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</b>');
  });

  it('guards series tooltips too and leaves everything else as it was', () => {
    const label = { formatter: (v: string) => v };
    const option = { series: [{ type: 'bar', label, tooltip: { formatter: () => PAYLOAD } }], xAxis: { axisLabel: label } };
    expect(call(option, 'series')).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    const guarded = guardTooltips(option);
    expect(guarded.xAxis.axisLabel).toBe(label); // canvas text: drawn, never parsed as HTML
    expect(guarded.series[0]!.label).toBe(label);
    expect(option.series[0]!.tooltip.formatter()).toBe(PAYLOAD); // the input is not changed
  });

  it('keeps string templates, which ECharts fills with escaped values', () => {
    const guarded = guardTooltips({ tooltip: { formatter: '{b}<br/>{c}' } });
    expect(guarded.tooltip.formatter).toBe('{b}<br/>{c}');
  });
});
