import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escapeHtml';

describe('escapeHtml', () => {
  it('leaves no markup in vendor or user text', () => {
    expect(escapeHtml('<img src=x onerror="alert(1)">')).toBe('&#60;img src=x onerror=&#34;alert(1)&#34;&#62;');
    expect(escapeHtml("a & b's `c`")).toBe('a &#38; b&#39;s &#96;c&#96;');
    expect(escapeHtml('销售代表')).toBe('销售代表');
    expect(escapeHtml(null)).toBe('');
  });
});
