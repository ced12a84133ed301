import type { Store } from '../store'
import { decodeLine, jsonLines, type SpooledHit } from './record'
import { readSegment, type Segment } from './spool'

export interface WriterOptions {
  store: Store
  /** Called when a segment is confirmed by the store (its file may go). */
  onWritten: (segment: Segment, info: { records: number; ms: number }) => void
  onError: (error: unknown, segment: Segment, attempt: number) => void
  /** Longest pause between retries. */
  maxBackoffMs?: number
}

/**
 * Moves closed spool segments into ClickHouse, one at a time and in order. Each table's insert
 * carries a deduplication token derived from the segment's name, so a segment inserted again
 * (a retry after a timeout, or a replay after a crash between insert and delete) is stored
 * once. A failed insert is retried with growing pauses until it succeeds; later segments wait.
 */
export class Writer {
  private readonly queue: Segment[] = []
  private running = false
  private drained: Array<() => void> = []
  private stopped = false
  private wake: (() => void) | undefined

  constructor(private readonly options: WriterOptions) {}

  enqueue(segment: Segment): void {
    // Behind by more than a few batches (the store is slow or away): keep only the file.
    if (this.queue.length >= 3) delete segment.items
    this.queue.push(segment)
    if (!this.running) void this.run()
  }

  /** Segments waiting or in flight. */
  get backlog(): readonly Segment[] {
    return this.queue
  }

  /** Resolves when every queued segment is stored, or after `timeoutMs` (false then). */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.queue.length === 0) return Promise.resolve(true)
    this.wake?.()
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs)
      this.drained.push(() => {
        clearTimeout(timer)
        resolve(true)
      })
    })
  }

  /** Stops retrying; segments not stored stay on disk for the next start. */
  stop(): void {
    this.stopped = true
    this.wake?.()
  }

  private async run() {
    this.running = true
    let attempt = 0
    while (this.queue.length > 0 && !this.stopped) {
      const segment = this.queue[0]
      if (!segment) break
      const started = performance.now()
      try {
        const records = await this.write(segment)
        this.queue.shift()
        attempt = 0
        this.options.onWritten(segment, { records, ms: performance.now() - started })
      } catch (error) {
        attempt++
        this.options.onError(error, segment, attempt)
        const pause = Math.min(this.options.maxBackoffMs ?? 5000, 100 * 2 ** Math.min(attempt, 10))
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pause)
          this.wake = () => {
            clearTimeout(timer)
            resolve()
          }
        })
        this.wake = undefined
      }
    }
    this.running = false
    if (this.queue.length === 0) for (const done of this.drained.splice(0)) done()
  }

  private async write(segment: Segment): Promise<number> {
    const hits = (segment.items as SpooledHit[] | undefined) ?? readHits(segment.path)
    const sessions: string[] = []
    for (const hit of hits) for (const s of hit.sessions) sessions.push(s)
    segment.records = hits.length
    await this.options.store.writer.insertJsonLines('events', jsonLines(hits.map((h) => h.event)), {
      dedupToken: `${segment.name}:events`,
    })
    await this.options.store.writer.insertJsonLines('sessions', jsonLines(sessions), {
      dedupToken: `${segment.name}:sessions`,
    })
    return hits.length
  }
}

function readHits(path: string): SpooledHit[] {
  return readSegment(path).lines.flatMap((line) => decodeLine(line) ?? [])
}
