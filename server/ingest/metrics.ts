import { DROP_REASONS, type DropReason } from '../collect/drop'

const BATCH_BUCKETS = [1, 10, 100, 1000, 5000, 10_000, 50_000]
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

class Histogram {
  readonly counts: number[]
  sum = 0
  count = 0
  constructor(readonly buckets: number[]) {
    this.counts = buckets.map(() => 0)
  }
  observe(v: number) {
    this.sum += v
    this.count++
    this.buckets.forEach((b, i) => {
      if (v <= b) this.counts[i] = (this.counts[i] ?? 0) + 1
    })
  }
  render(name: string, help: string): string[] {
    const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`]
    this.buckets.forEach((b, i) => lines.push(`${name}_bucket{le="${b}"} ${this.counts[i] ?? 0}`))
    lines.push(
      `${name}_bucket{le="+Inf"} ${this.count}`,
      `${name}_sum ${this.sum}`,
      `${name}_count ${this.count}`,
    )
    return lines
  }
}

/** The collector's counters, exported at GET /metrics in Prometheus text format. */
export class IngestMetrics {
  accepted = 0
  invalid = 0
  rateLimited = 0
  rejectedFull = 0
  unavailable = 0
  insertErrors = 0
  linesSetAside = 0
  eventsWritten = 0
  readonly dropped = new Map<DropReason, number>(DROP_REASONS.map((r) => [r, 0]))
  readonly batchSize = new Histogram(BATCH_BUCKETS)
  readonly batchSeconds = new Histogram(LATENCY_BUCKETS)

  drop(reason: DropReason): void {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + 1)
  }

  /** Prometheus text exposition (version 0.0.4). */
  render(gauges: {
    spoolBytes: number
    spoolEvents: number
    writerLagSeconds: number
    visits: number
    syncs: number
    syncSeconds: number
  }): string {
    const counter = (name: string, help: string, value: number) => [
      `# HELP ${name} ${help}`,
      `# TYPE ${name} counter`,
      `${name} ${value}`,
    ]
    const gauge = (name: string, help: string, value: number) => [
      `# HELP ${name} ${help}`,
      `# TYPE ${name} gauge`,
      `${name} ${value}`,
    ]
    const lines = [
      ...counter(
        'spur_events_accepted_total',
        'Hits acknowledged with 202 and spooled.',
        this.accepted,
      ),
      '# HELP spur_events_dropped_total Hits dropped on purpose, by reason.',
      '# TYPE spur_events_dropped_total counter',
      ...[...this.dropped].map(([r, n]) => `spur_events_dropped_total{reason="${r}"} ${n}`),
      ...counter('spur_events_invalid_total', 'Hits refused with 400 or 413.', this.invalid),
      ...counter('spur_events_rate_limited_total', 'Hits refused with 429.', this.rateLimited),
      ...counter(
        'spur_events_spool_full_total',
        'Hits refused with 503 because the spool was full.',
        this.rejectedFull,
      ),
      ...counter(
        'spur_events_unavailable_total',
        'Hits refused with 503 because the store could not be asked (e.g. for the day salt).',
        this.unavailable,
      ),
      ...counter('spur_events_written_total', 'Events confirmed by the store.', this.eventsWritten),
      ...counter(
        'spur_insert_errors_total',
        'Failed batch inserts (each is retried).',
        this.insertErrors,
      ),
      ...counter(
        'spur_spool_lines_set_aside_total',
        'Spooled hits the store refused for their content, moved to DATA_DIR/spool/set-aside.',
        this.linesSetAside,
      ),
      ...gauge(
        'spur_spool_bytes',
        'Bytes in the spool not yet confirmed by the store.',
        gauges.spoolBytes,
      ),
      ...gauge(
        'spur_spool_events',
        'Events in the spool not yet confirmed by the store.',
        gauges.spoolEvents,
      ),
      ...gauge(
        'spur_writer_lag_seconds',
        'Age of the oldest event not yet in the store.',
        gauges.writerLagSeconds,
      ),
      ...counter(
        'spur_spool_syncs_total',
        'Group commits (write + fdatasync) of the spool.',
        gauges.syncs,
      ),
      ...counter(
        'spur_spool_sync_seconds_total',
        'Time spent in spool group commits.',
        Math.round(gauges.syncSeconds * 1e6) / 1e6,
      ),
      ...gauge('spur_visits_in_progress', 'Visits held in memory.', gauges.visits),
      ...this.batchSize.render('spur_batch_events', 'Events per insert batch.'),
      ...this.batchSeconds.render('spur_batch_insert_seconds', 'Time to insert one batch.'),
    ]
    return lines.join('\n') + '\n'
  }
}
