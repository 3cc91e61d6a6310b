import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResultDimension } from '../../api/types';
import { LazyChart } from '../../lib/charts/LazyChart';

/** Normalised dimension scores (0–100) on a radar; ECharts loads in its own chunk. */
export function RadarChart({ dimensions, name, height = 300 }: { dimensions: ResultDimension[]; name: string; height?: number }) {
  const { t } = useTranslation();
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item', confine: true },
      radar: {
        indicator: dimensions.map((d) => ({ name: d.name, max: 100 })),
        radius: '65%',
        axisName: { color: '#595959' },
      },
      series: [
        {
          type: 'radar',
          name,
          areaStyle: { opacity: 0.2 },
          data: [{ name, value: dimensions.map((d) => d.normalized) }],
        },
      ],
    }),
    [dimensions, name],
  );
  if (dimensions.length < 3) return null;
  return <LazyChart option={option} height={height} label={t('results.radarLabel', { name })} testId="result-radar" />;
}
