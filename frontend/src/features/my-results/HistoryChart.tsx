import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MyResult } from '../../api/types';
import { LazyChart } from '../../lib/charts/LazyChart';
import { formatDate } from '../../lib/time';

/** Normalised totals of all published interviews over time (needs two or more). */
export function HistoryChart({ history, current }: { history: MyResult['history']; current: string }) {
  const { t } = useTranslation();
  const option = useMemo(
    () => ({
      grid: { left: 36, right: 12, top: 16, bottom: 28 },
      tooltip: { trigger: 'axis', confine: true },
      xAxis: { type: 'category', data: history.map((p) => formatDate(p.interviewed_at)) },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: [
        {
          type: 'line',
          name: t('selfservice.myResults.total'),
          data: history.map((p) => ({
            value: Math.round(p.normalized_total * 10) / 10,
            symbolSize: p.result_id === current ? 10 : 6,
          })),
        },
      ],
    }),
    [history, current, t],
  );
  if (history.length < 2) return null;
  return <LazyChart option={option} height={200} label={t('selfservice.myResults.historyLabel')} testId="my-result-history" />;
}
