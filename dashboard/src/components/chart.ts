// The uPlot wrapper, loaded on demand so uPlot is not part of the initial download.
import uPlot from 'uplot'

/**
 * uPlot's columnar input, as uPlot documents it:
 * `[xs, ys, compareYs?]` — xs are bucket starts in seconds since the epoch, written as the
 * site's wall-clock time read as UTC (so the axis shows site-local times whatever the
 * viewer's zone); ys[i] is the metric for xs[i]; compareYs[i] is the comparison period's
 * value for the bucket at the same position, or null where that period has none.
 */
export type SeriesData = [number[], Array<number | null>, Array<number | null>?]

export interface ChartOptions {
  label: string
  compareLabel?: string
  /** Formats a y value for the axis and the hover legend. */
  formatValue: (v: number) => string
  /** Formats an x value (seconds) for the hover legend. */
  formatTime: (seconds: number) => string
  /** Counts (visitors, pageviews) get whole-number ticks only. */
  integer?: boolean
  /** Formats an x value (seconds) for the axis, shorter. */
  formatAxis: (seconds: number) => string
}

const INTEGER_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500]
  .flatMap((n) => [n, n * 1000, n * 1_000_000])
  .sort((a, b) => a - b)

const css = (name: string) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#4f46e5'

/** Draws a line chart into `el`; returns a function that removes it again. */
export function drawChart(el: HTMLElement, data: SeriesData, o: ChartOptions): () => void {
  const accent = css('--accent')
  const muted = css('--muted')
  const grid = css('--grid')
  const axis: uPlot.Axis = {
    stroke: muted,
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1 },
  }
  const series: uPlot.Series[] = [
    { value: (_u, v) => (v === null ? '—' : o.formatTime(v)) },
    {
      label: o.label,
      stroke: accent,
      width: 2,
      fill: accent + '22',
      points: { show: data[0].length < 40 },
      value: (_u, v) => (v === null ? '—' : o.formatValue(v)),
    },
  ]
  if (data[2])
    series.push({
      label: o.compareLabel ?? '',
      stroke: muted,
      width: 1.5,
      dash: [6, 4],
      points: { show: false },
      value: (_u, v) => (v === null ? '—' : o.formatValue(v)),
    })
  const opts: uPlot.Options = {
    width: Math.max(280, el.clientWidth),
    height: el.clientWidth < 500 ? 200 : 260,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    cursor: { points: { size: 8 }, drag: { x: false, y: false } },
    legend: { live: true },
    scales: { y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    axes: [
      { ...axis, values: (_u, splits) => splits.map((s) => o.formatAxis(s)), space: 80 },
      {
        ...axis,
        values: (_u, splits) => splits.map((s) => o.formatValue(s)),
        size: 60,
        ...(o.integer && { incrs: INTEGER_STEPS }),
      },
    ],
    series,
  }
  const plot = new uPlot(opts, data as uPlot.AlignedData, el)
  const observer = new ResizeObserver(() =>
    plot.setSize({ width: Math.max(280, el.clientWidth), height: opts.height }),
  )
  observer.observe(el)
  return () => {
    observer.disconnect()
    plot.destroy()
  }
}
