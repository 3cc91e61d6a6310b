import { useMemo } from 'react';
import type { ResultDimension } from '../../api/types';
import { LazyChart } from '../../lib/charts/LazyChart';

/** A small radar of the normalised dimension scores; names only in the tooltip on small sizes. */
export function MiniRadar({ dimensions, label, height = 120, names = false }: { dimensions: ResultDimension[]; label: string; height?: number; names?: boolean }) {
  const option = useMemo(
    () => ({
      animation: false,
      tooltip: { trigger: 'item', confine: true },
      radar: {
        indicator: dimensions.map((d) => ({ name: d.name, max: 100 })),
        radius: names ? '62%' : '80%',
        axisName: names ? { color: '#595959', fontSize: 12 } : { show: false },
        splitNumber: 4,
      },
      series: [{ type: 'radar', symbolSize: names ? 4 : 2, areaStyle: { opacity: 0.25 }, data: [{ name: label, value: dimensions.map((d) => d.normalized) }] }],
    }),
    [dimensions, label, names],
  );
  if (dimensions.length < 3) return null;
  return <LazyChart option={option} height={height} label={label} testId="mini-radar" />;
}
