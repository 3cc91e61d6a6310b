// Numbers and plain-language sentences of the analytics cards. Pure: the strings come from i18n.
import type { TFunction } from 'i18next';

/** One decimal ("82.3"), or an em dash for a missing value. */
export function fmt1(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(1);
}

/** A coefficient with two decimals ("0.52", "-0.08"). */
export function fmt2(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(2);
}

/** "p<0.001", "p=0.012", "p=0.43"; "p=—" without a value. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return 'p=—';
  if (p < 0.001) return 'p<0.001';
  if (p < 0.01) return `p=${p.toFixed(3)}`;
  return `p=${p.toFixed(2)}`;
}

export interface CorrelationFacts {
  n: number;
  pearson_r?: number | null;
  pearson_p?: number | null;
  slope?: number | null;
}

/**
 * "风险意识每高 10 分,合规绩效平均高 4.1 分,r=0.52, p<0.001, n=240": the slope per 10 points of the
 * dimension, in words, then the statistics.
 */
export function correlationSentence(t: TFunction, facts: CorrelationFacts, dimension: string, outcome: string): string {
  const stats = `r=${fmt2(facts.pearson_r)}, ${formatP(facts.pearson_p)}, n=${facts.n}`;
  const slope = facts.slope;
  if (slope === null || slope === undefined || !Number.isFinite(slope)) return t('analytics.sentence.noSlope', { dimension, outcome, stats });
  const per10 = slope * 10;
  if (Math.abs(per10) < 0.05) return t('analytics.sentence.flat', { dimension, outcome, stats });
  const key = per10 > 0 ? 'analytics.sentence.higher' : 'analytics.sentence.lower';
  return t(key, { dimension, outcome, amount: fmt1(Math.abs(per10)), stats });
}

export interface GroupFacts {
  n: number;
  mean?: number | null;
}

export interface ThresholdFacts {
  above: GroupFacts;
  below: GroupFacts;
  uplift_pct?: number | null;
  welch_t?: number | null;
  p_value?: number | null;
}

/** "风险意识 ≥ 70 分的 120 人,合规绩效平均 82.3,比低于 70 分的 80 人(平均 75.1)高 9.6%(Welch t=3.2, p=0.002)" */
export function thresholdSentence(t: TFunction, facts: ThresholdFacts, dimension: string, outcome: string, threshold: number): string {
  if (!facts.above.n || !facts.below.n) return t('analytics.sentence.oneSide', { dimension, threshold: fmt1(threshold) });
  const uplift = facts.uplift_pct;
  const stats = `Welch t=${fmt1(facts.welch_t)}, ${formatP(facts.p_value)}`;
  const base = {
    dimension,
    outcome,
    threshold: fmt1(threshold),
    aboveN: facts.above.n,
    aboveMean: fmt1(facts.above.mean),
    belowN: facts.below.n,
    belowMean: fmt1(facts.below.mean),
    stats,
  };
  if (uplift === null || uplift === undefined || !Number.isFinite(uplift)) return t('analytics.sentence.thresholdNoUplift', base);
  const key = uplift >= 0 ? 'analytics.sentence.thresholdHigher' : 'analytics.sentence.thresholdLower';
  return t(key, { ...base, uplift: fmt1(Math.abs(uplift)) });
}

/** The two end points of the regression line over the x range of the points. */
export function regressionLine(points: readonly (readonly number[])[], slope: number, intercept: number): [number, number][] {
  if (!points.length) return [];
  const xs = points.map((p) => p[0] ?? 0);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return [
    [lo, intercept + slope * lo],
    [hi, intercept + slope * hi],
  ];
}
