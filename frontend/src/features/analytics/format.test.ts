import { beforeAll, describe, expect, it } from 'vitest';
import i18n from '../../lib/i18n';
import { correlationSentence, fmt1, formatP, regressionLine, thresholdSentence } from './format';

beforeAll(async () => {
  await i18n.changeLanguage('zh-CN');
});

describe('formatP', () => {
  it('writes small p-values as p<0.001', () => {
    expect(formatP(0.0000123)).toBe('p<0.001');
    expect(formatP(0)).toBe('p<0.001');
  });
  it('keeps three decimals below 0.01 and two above', () => {
    expect(formatP(0.0042)).toBe('p=0.004');
    expect(formatP(0.0432)).toBe('p=0.04');
    expect(formatP(0.5)).toBe('p=0.50');
  });
  it('shows a dash without a value', () => {
    expect(formatP(null)).toBe('p=—');
    expect(formatP(Number.NaN)).toBe('p=—');
  });
});

describe('fmt1', () => {
  it('has one decimal', () => {
    expect(fmt1(82.345)).toBe('82.3');
    expect(fmt1(4)).toBe('4.0');
    expect(fmt1(null)).toBe('—');
  });
});

describe('correlationSentence', () => {
  const r = { n: 240, pearson_r: 0.5213, pearson_p: 0.00001, slope: 0.41 };
  it('says the slope per 10 points in one plain sentence', () => {
    expect(correlationSentence(i18n.t, r, '风险意识', '合规绩效')).toBe('风险意识每高 10 分,合规绩效平均高 4.1 分,r=0.52, p<0.001, n=240');
  });
  it('says lower for a negative slope', () => {
    expect(correlationSentence(i18n.t, { ...r, slope: -0.25, pearson_r: -0.3, pearson_p: 0.02 }, '沟通能力', '离职率')).toBe(
      '沟通能力每高 10 分,离职率平均低 2.5 分,r=-0.30, p=0.02, n=240',
    );
  });
  it('is in English too', async () => {
    await i18n.changeLanguage('en');
    expect(correlationSentence(i18n.t, r, 'Risk awareness', 'compliance')).toBe(
      'Every 10 points more Risk awareness go with 4.1 points higher compliance on average, r=0.52, p<0.001, n=240',
    );
    await i18n.changeLanguage('zh-CN');
  });
});

describe('thresholdSentence', () => {
  it('compares the people above and below the line', () => {
    const facts = { above: { n: 120, mean: 82.34 }, below: { n: 80, mean: 75.1 }, uplift_pct: 9.64, welch_t: 3.21, p_value: 0.0021 };
    expect(thresholdSentence(i18n.t, facts, '风险意识', '合规绩效', 70)).toBe(
      '风险意识 ≥ 70.0 分的 120 人,合规绩效平均 82.3,比低于 70.0 分的 80 人(平均 75.1)高 9.6%,Welch t=3.2, p=0.002',
    );
  });
  it('asks to move the line when one side is empty', () => {
    const facts = { above: { n: 0, mean: null }, below: { n: 30, mean: 70 }, uplift_pct: null, welch_t: null, p_value: null };
    expect(thresholdSentence(i18n.t, facts, '总分', '合规绩效', 95)).toBe('总分在 95.0 分线的一侧没有人,请调整分数线');
  });
});

describe('regressionLine', () => {
  it('spans the x range of the points', () => {
    expect(regressionLine([[60, 1], [90, 2], [70, 3]], 0.5, 10)).toEqual([
      [60, 40],
      [90, 55],
    ]);
    expect(regressionLine([], 1, 0)).toEqual([]);
  });
});
