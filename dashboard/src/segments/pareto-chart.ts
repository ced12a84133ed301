// The Pareto curve, drawn with uPlot; loaded on demand like the main chart.
import uPlot from 'uplot'

/**
 * uPlot's columnar input: `[xs, revenue, even]` — xs are cumulative shares of customers in
 * percent (0, A, A+B, 100), revenue the cumulative share of revenue at each, even the line
 * of an even spread (y = x) for reference.
 */
export type ParetoData = [number[], number[], number[]]

const css = (name: string, fallback: string) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback

/** Draws the curve into `el`; returns a function that removes it. */
export function drawPareto(
  el: HTMLElement,
  data: ParetoData,
  labels: { customers: string; revenue: string; even: string },
  /** A share in percent as the dashboard's language writes it ("42,5 %" in German). */
  formatShare: (percent: number) => string,
): () => void {
  const accent = css('--accent', '#4f46e5')
  const muted = css('--muted', '#6b7280')
  const grid = css('--grid', '#e5e7eb')
  const axis: uPlot.Axis = {
    stroke: muted,
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1 },
  }
  const pct = (v: number | null) => (v === null ? '—' : formatShare(v))
  const plot = new uPlot(
    {
      width: Math.max(280, el.clientWidth),
      height: 240,
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: [0, 100] }, y: { range: [0, 100] } },
      axes: [
        { ...axis, label: labels.customers, values: (_u, s) => s.map(formatShare) },
        { ...axis, label: labels.revenue, values: (_u, s) => s.map(formatShare), size: 60 },
      ],
      series: [
        { label: labels.customers, value: (_u, v) => pct(v) },
        {
          label: labels.revenue,
          stroke: accent,
          width: 2,
          fill: accent + '22',
          points: { show: true, size: 8 },
          value: (_u, v) => pct(v),
        },
        {
          label: labels.even,
          stroke: muted,
          width: 1,
          dash: [4, 4],
          points: { show: false },
          value: (_u, v) => pct(v),
        },
      ],
    },
    data,
    el,
  )
  const observer = new ResizeObserver(() =>
    plot.setSize({ width: Math.max(280, el.clientWidth), height: 240 }),
  )
  observer.observe(el)
  return () => {
    observer.disconnect()
    plot.destroy()
  }
}
