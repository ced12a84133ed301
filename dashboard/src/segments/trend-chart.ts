// Visitors per segment over time, one line per segment; loaded on demand with uPlot.
import uPlot from 'uplot'

const PALETTE = ['#4f46e5', '#0891b2', '#d97706', '#db2777', '#059669', '#7c3aed']

/** Draws `[xs, ys₁, ys₂, …]` (see loadTrends) into `el`; returns a function that removes it. */
export function drawTrends(
  el: HTMLElement,
  data: Array<Array<number | null>>,
  names: readonly string[],
  formatTime: (seconds: number) => string,
): () => void {
  const muted =
    getComputedStyle(document.documentElement).getPropertyValue('--muted').trim() || '#6b7280'
  const axis: uPlot.Axis = { stroke: muted, grid: { stroke: muted + '33', width: 1 } }
  const plot = new uPlot(
    {
      width: Math.max(280, el.clientWidth),
      height: 240,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      cursor: { drag: { x: false, y: false } },
      scales: { y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [
        { ...axis, values: (_u, splits) => splits.map((s) => formatTime(s)), space: 70 },
        { ...axis, size: 50 },
      ],
      series: [
        { value: (_u, v) => (v === null ? '—' : formatTime(v)) },
        ...names.map((name, i) => ({
          label: name,
          stroke: PALETTE[i % PALETTE.length] ?? '#4f46e5',
          width: 2,
          spanGaps: false,
        })),
      ],
    },
    data as uPlot.AlignedData,
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
