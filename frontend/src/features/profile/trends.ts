// Talent-profile trend points -> chart series (pure).
import type { DimensionTrend, TrendPoint } from '../../api/types';

export type SeriesPoint = [number, number];

/** Points with an interview time, oldest first, as [epoch ms, value rounded to 1 decimal]. */
export function toSeries(points: readonly TrendPoint[]): SeriesPoint[] {
  return points
    .filter((p) => p.interviewed_at && Number.isFinite(Date.parse(p.interviewed_at)))
    .map((p): SeriesPoint => [Date.parse(p.interviewed_at!), Math.round(p.value * 10) / 10])
    .sort((a, b) => a[0] - b[0]);
}

export interface NamedSeries {
  code: string;
  name: string;
  data: SeriesPoint[];
}

/** One line per dimension that has at least one dated point, ordered by name. */
export function dimensionSeries(trends: readonly DimensionTrend[]): NamedSeries[] {
  return trends
    .map((d) => ({ code: d.code, name: d.name, data: toSeries(d.points) }))
    .filter((s) => s.data.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}
