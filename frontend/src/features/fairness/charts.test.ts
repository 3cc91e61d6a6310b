import { describe, expect, it } from 'vitest';
import type { ImpactGroup, VendorQualityRow } from './contract';
import { impactOption, pValue, vendorQualityOption } from './charts';

const groups: ImpactGroup[] = [
  { key: 'female', n: 20, selected: 4, rate: 0.2, impact_ratio: 0.25, flag: true },
  { key: 'male', n: 20, selected: 16, rate: 0.8, impact_ratio: 1, flag: false },
];

describe('impactOption', () => {
  it('draws each ratio against the 0.8 line, flagged bars in red', () => {
    const option = impactOption(groups, { group: (k) => k, ratio: 'ratio', rate: 'rate', line: '0.8' });
    const bars = option.series[0]!;
    expect(bars.data.map((d) => d.value)).toEqual([0.25, 1]);
    expect(bars.data[0]!.itemStyle.color).not.toBe(bars.data[1]!.itemStyle.color);
    expect(bars.markLine.data).toEqual([{ yAxis: 0.8 }]);
  });

  it('escapes labels in the tooltip', () => {
    const option = impactOption(groups, { group: () => '<img src=x onerror=alert(1)>', ratio: 'r', rate: 'rate', line: '<b>' });
    const html = String(option.tooltip.formatter([{ dataIndex: 0 }]));
    expect(html).not.toContain('<img');
    expect(html).toContain('<b>&lt;img');
    expect(option.series[0]!.markLine.label.formatter).toBe('<b>'); // canvas text
  });
});

describe('vendorQualityOption', () => {
  const row = (name: string, shifted: boolean): VendorQualityRow => ({
    vendor: { id: name, code: name, name },
    n: 30,
    shifted_months: shifted ? ['2025-02'] : [],
    validity: null,
    months: [
      { month: '2025-01', n: 10, mean: 70, sd: 5, baseline_n: 0, baseline_mean: null, z: null, shift: null },
      { month: '2025-02', n: 20, mean: 80, sd: 5, baseline_n: 10, baseline_mean: 70, z: 9, shift: shifted },
    ],
  });

  it('marks shifted months and escapes vendor names', () => {
    const option = vendorQualityOption([row('<script>x</script>', true), row('beta', false)], { mean: 'mean', shift: 'shift' });
    const points = option.series[2]!;
    expect(points.data).toEqual([['2025-02', 80]]);
    const html = String(option.tooltip.formatter([{ seriesIndex: 0, axisValue: '2025-02', marker: '' }]));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<b style="color:#cf1322">shift</b>');
  });
});

describe('pValue', () => {
  it('reads like a p-value', () => {
    expect([pValue(0.0001), pValue(0.0042), pValue(0.723), pValue(null)]).toEqual(['<0.001', '0.004', '0.72', '—']);
  });
});
