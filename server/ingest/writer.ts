import type { Store } from '../store'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { segmentRows } from './record'
import { isContentError, setAsideBadLines } from './set-aside'
import type { Segment } from './spool'

/** A segment refused this many times for its content is searched for lines to set aside. */
const SET_ASIDE_AFTER = 2

export interface WriterOptions {
  store: Store
  /** Called when a segment is confirmed by the store (its file may go); awaited before the next. */
  onWritten: (segment: Segment, info: { records: number; ms: number }) => Promise<void>
  onError: (error: unknown, segment: Segment, attempt: number) => void
  /** Longest pause between retries. */
  maxBackoffMs?: number
  /**
   * Where lines that the store refuses for their content go (see set-aside.ts), so one bad
   * line does not hold every later segment. Without it, such a segment is retried forever.
   */
  setAsideDir?: string
  onSetAside?: (segment: Segment, lines: number, path: string) => void
}

/**
 * The part of a segment file to insert: all of it, except for a damaged file, which holds
 * what was synced and then bytes of a write that failed (never acknowledged).
 */
export function insertable(segment: Segment, file: Buffer): Buffer {
  return segment.damaged ? file.subarray(0, segment.bytes) : file
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
  private held: { before: Set<Segment>; reached: () => void; released: Promise<void> } | undefined

  constructor(private readonly options: WriterOptions) {}

  enqueue(segment: Segment): void {
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

  /**
   * Stores every segment queued now, then inserts nothing more until the returned release is
   * called: in between, the store holds exactly what was spooled before the call (later
   * segments wait on disk). Rejects if those segments are not stored within `timeoutMs`.
   */
  pause(timeoutMs: number): Promise<() => void> {
    if (this.held) return Promise.reject(new Error('The writer is paused already'))
    return new Promise((resolve, reject) => {
      let open!: () => void
      const held = {
        before: new Set(this.queue),
        released: new Promise<void>((r) => (open = r)),
        reached: () => {
          clearTimeout(timer)
          if (this.held === held) resolve(release)
        },
      }
      const release = () => {
        if (this.held === held) this.held = undefined
        open()
      }
      const timer = setTimeout(() => {
        release()
        reject(
          new Error(
            'The store did not take the hits spooled before the erasure in time; nothing was ' +
              'erased. Check that the store is reachable (GET /healthz), then schedule it again.',
          ),
        )
      }, timeoutMs)
      this.held = held
      if (held.before.size === 0) held.reached()
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
      const held = this.held
      if (held && !held.before.has(segment)) {
        held.reached()
        await held.released
        continue
      }
      const started = performance.now()
      try {
        const records = await this.write(segment)
        this.queue.shift()
        attempt = 0
        await this.options.onWritten(segment, { records, ms: performance.now() - started })
      } catch (error) {
        attempt++
        this.options.onError(error, segment, attempt)
        if (attempt >= SET_ASIDE_AFTER && isContentError(error) && (await this.setAside(segment))) {
          attempt = 0
          continue
        }
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
    if (this.held && this.queue.length === 0) this.held.reached()
    if (this.queue.length === 0) for (const done of this.drained.splice(0)) done()
  }

  private async setAside(segment: Segment): Promise<boolean> {
    const dir = this.options.setAsideDir
    if (!dir) return false
    try {
      const file = insertable(segment, await readFile(segment.path))
      const lines = await setAsideBadLines(this.options.store, segment, file, dir)
      if (lines > 0) this.options.onSetAside?.(segment, lines, join(dir, segment.name))
      return lines > 0
    } catch (error) {
      this.options.onError(error, segment, 0)
      return false
    }
  }

  private async write(segment: Segment): Promise<number> {
    // The segment is read back as bytes and cut into the two tables' bodies; nothing of it is
    // held in the heap between its append and its insert.
    const rows = segmentRows(insertable(segment, await readFile(segment.path)), segment.replayed)
    segment.records = rows.records
    const { format, columns } = rows
    await this.options.store.writer.insertJsonLines('events', rows.events, {
      dedupToken: `${segment.name}:events`,
      format,
      columns: columns?.events,
    })
    await this.options.store.writer.insertJsonLines('sessions', rows.sessions, {
      dedupToken: `${segment.name}:sessions`,
      format,
      columns: columns?.sessions,
    })
    return rows.records
  }
}
