import { useEffect, useRef } from 'react';
import { usePrefersReducedMotion } from '../ui/media';
import { echarts, type ChartInstance, type EChartsCoreOption } from './echarts';
import { guardTooltips } from './tooltip';

export interface EChartProps {
  option: EChartsCoreOption;
  height?: number;
  /** Accessible description of what the chart shows. */
  label: string;
  testId?: string;
  /** Receives the instance once drawn (and null when it goes), e.g. to export a PNG. */
  onInstance?: (chart: ChartInstance | null) => void;
}

/** One ECharts instance on a canvas, resized with its container; not animated when the user
 * prefers reduced motion. Loaded lazily (see LazyChart). */
export default function EChart({ option, height = 320, label, testId, onInstance }: EChartProps) {
  const reducedMotion = usePrefersReducedMotion();
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<ChartInstance | null>(null);
  const notify = useRef(onInstance);
  notify.current = onInstance;

  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    notify.current?.(instance);
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
      notify.current?.(null);
    };
  }, []);

  useEffect(() => {
    // Every tooltip formatter's text is escaped unless built with html`…` (see ./tooltip).
    const guarded = guardTooltips(option);
    chart.current?.setOption(reducedMotion ? { ...guarded, animation: false } : guarded, true);
  }, [option, reducedMotion]);

  return <div ref={ref} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height }} />;
}
