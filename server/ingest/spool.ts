import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { open, rm, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'

/** A closed spool file waiting to be written to the store. */
export interface Segment {
  /** File name; also the insert deduplication token, so a replayed file is stored once. */
  name: string
  path: string
  bytes: number
  records: number
  /** When its first record was appended (ms, wall clock); for writer lag. */
  firstAppend: number
  /** Left by an earlier run: its lines are checked before they are inserted. */
  replayed?: boolean
  /** For a segment left by an earlier run: the records `adopt` counted as pending. */
  counted?: number
  /**
   * A failed write left bytes after `bytes` that could not be cut off again (lines not
   * acknowledged, or part of one): only the first `bytes` are inserted.
   */
  damaged?: boolean
}

export class SpoolFullError extends Error {
  constructor() {
    super('The spool is full: the store has not taken events for a while')
  }
}

export interface SpoolOptions {
  dir: string
  /** Bytes of unwritten events on disk before appends are refused. */
  maxBytes: number
  /** A segment is closed and handed to the writer at this many records… */
  segmentRecords: number
  /** …or this long after its first record. */
  segmentMs: number
  /** Receives each closed segment, in order. */
  onSegment: (segment: Segment) => void
  /** A first line for each file (no newline inside), e.g. naming the columns of its rows. */
  header?: string
  /** Opens a segment file; a test may hand out files that fail. */
  openFile?: (path: string) => Promise<FileHandle>
}

interface Waiter {
  data: string
  records: number
  resolve: () => void
  reject: (error: unknown) => void
  /** Undoes what the caller changed for these lines, when they could not be written. */
  undo: (() => void) | undefined
}

/** A cut's place among the appends: what was appended before it goes into the segment it seals. */
interface Cut {
  sealed: () => void
}

const isCut = (item: Waiter | Cut): item is Cut => !('data' in item)

let sequence = 0
const segmentName = () =>
  `${Date.now().toString().padStart(15, '0')}-${process.pid}-${(sequence++).toString().padStart(6, '0')}.spool`

/**
 * The durable append log in DATA_DIR/spool. Appends are written and fsynced in groups: while
 * one write + fdatasync runs (off the event loop), new appends gather and go together in the
 * next, so a busy collector pays one sync for many hits and the group grows with the load. An
 * append resolves only after its sync. Segments (files) are closed by size or age and handed
 * to the writer; the writer deletes a file once the store confirmed it.
 *
 * (A synchronous fdatasync was measured too: it kept libuv's thread pool out of the way of the
 * embedded store, but blocked the event loop for most of each group under load, so requests
 * could not be read while the disk worked; throughput was no better and loop delay 4× worse.)
 */
export class Spool {
  private active: { handle: FileHandle; segment: Segment } | undefined
  private queue: Array<Waiter | Cut> = []
  /** Cuts waiting in the queue. */
  private cuts = 0
  private working = false
  private closeRequested = false
  private timer: NodeJS.Timeout | undefined
  private closed = false
  /** Bytes on disk not yet confirmed by the store (all segments, including the active one). */
  pendingBytes = 0
  pendingRecords = 0
  syncs = 0
  /** Total time spent in write + fdatasync, for the metrics. */
  syncSeconds = 0

  constructor(private readonly options: SpoolOptions) {
    mkdirSync(options.dir, { recursive: true })
  }

  /** Segments left by an earlier run, oldest first: to be replayed before anything new. */
  leftovers(): Segment[] {
    return readdirSync(this.options.dir)
      .filter((f) => f.endsWith('.spool'))
      .sort()
      .map((name) => {
        const path = join(this.options.dir, name)
        const bytes = statSync(path).size
        return { name, path, bytes, records: -1, firstAppend: Date.now(), replayed: true }
      })
  }

  /** Counts a replayed segment as pending (it is on disk and not yet in the store). */
  adopt(segment: Segment): void {
    segment.counted = Math.max(0, segment.records)
    this.pendingBytes += segment.bytes
    this.pendingRecords += segment.counted
  }

  /** Room for another record? Checked before a hit changes any state. */
  hasRoom(): boolean {
    return !this.closed && this.pendingBytes < this.options.maxBytes
  }

  /**
   * Appends lines (no newline inside), all or none; resolves once they are on disk. If they
   * cannot be written, `undo` is called before the promise rejects, and the appends queued
   * after them (which may build on them) fail too: each batch's in the reverse order of
   * their appends, so undoing restores what was there before.
   */
  append(lines: string | readonly string[], undo?: () => void): Promise<void> {
    const refused = this.closed
      ? new Error('The spool is closed')
      : this.pendingBytes >= this.options.maxBytes
        ? new SpoolFullError()
        : undefined
    if (refused) {
      undo?.()
      return Promise.reject(refused)
    }
    const list = typeof lines === 'string' ? [lines] : lines
    const data = list.join('\n') + '\n'
    this.pendingBytes += Buffer.byteLength(data)
    this.pendingRecords += list.length
    return new Promise((resolve, reject) => {
      this.queue.push({ data, records: list.length, resolve, reject, undo })
      this.kick()
    })
  }

  /**
   * Closes the active segment (if it has records) and hands it to the writer. Every line
   * appended before this call is in that segment or an earlier one, even if a group commit was
   * running; every line appended after it goes into a later segment. Resolves once the segment
   * is sealed.
   */
  cut(): Promise<void> {
    return new Promise((sealed) => {
      this.queue.push({ sealed })
      this.cuts++
      this.kick()
    })
  }

  /** Writes what is queued, closes the active segment and refuses further appends. */
  async close(): Promise<void> {
    // Hits appended while a cut runs go to the next segment: cut until nothing is left open.
    do {
      await this.cut()
      await this.idle()
    } while (this.active || this.queue.length > 0)
    this.closed = true
    clearTimeout(this.timer)
  }

  /** The writer confirmed a segment: remove its file. */
  async release(segment: Segment): Promise<void> {
    this.pendingBytes = Math.max(0, this.pendingBytes - segment.bytes)
    // A replayed segment takes back what adopt counted (the writer counts its rows anew).
    const counted = segment.replayed ? (segment.counted ?? 0) : Math.max(0, segment.records)
    this.pendingRecords = Math.max(0, this.pendingRecords - counted)
    // Unlinked off the event loop: a synchronous unlink of a large file stalls it for ms.
    await rm(segment.path, { force: true })
  }

  private idleWaiters: Array<() => void> = []
  private idle(): Promise<void> {
    if (!this.working && this.queue.length === 0 && !this.closeRequested) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  private kick() {
    if (!this.working) void this.work()
  }

  private async work() {
    this.working = true
    try {
      while (this.queue.length > 0 || this.closeRequested) {
        const at = this.cuts > 0 ? this.queue.findIndex(isCut) : -1
        const batch = (at < 0 ? this.queue.splice(0) : this.queue.splice(0, at)) as Waiter[]
        if (batch.length > 0) await this.writeBatch(batch)
        // Appends made during the write queued up behind the cut.
        const cut = at < 0 ? undefined : (this.queue.shift() as Cut)
        if (cut) this.cuts--
        const seg = this.active?.segment
        const requested = this.closeRequested || cut !== undefined
        // A close request seals the segment it was made for; appends that arrive meanwhile
        // start the next segment, which lives its own full age (not one segment per sync).
        this.closeRequested = false
        try {
          if (seg && (requested || seg.records >= this.options.segmentRecords)) await this.seal()
        } finally {
          cut?.sealed() // never left waiting, even if closing the file failed
        }
      }
    } finally {
      this.working = false
      for (const w of this.idleWaiters.splice(0)) w()
    }
  }

  private async writeBatch(batch: Waiter[]) {
    let active: { handle: FileHandle; segment: Segment } | undefined
    try {
      active = this.active ?? (await this.openSegment())
      const data = Buffer.from(batch.map((w) => w.data).join(''))
      const started = performance.now()
      const { bytesWritten } = await active.handle.write(data)
      if (bytesWritten !== data.length)
        throw new Error(`Only ${bytesWritten} of ${data.length} bytes reached the spool file`)
      await active.handle.datasync()
      this.syncSeconds += (performance.now() - started) / 1000
      this.syncs++
      active.segment.bytes += data.length
      active.segment.records += batch.reduce((n, w) => n + w.records, 0)
      for (const w of batch) w.resolve()
    } catch (error) {
      if (active) await this.cutBack(active)
      // Appends queued meanwhile were made on top of these (a visit's next state): they fail
      // too, the latest first, so that each undo finds what its append left.
      const failed = [...batch, ...(this.queue.filter((w) => !isCut(w)) as Waiter[])]
      this.queue = this.queue.filter(isCut)
      for (const w of failed.reverse()) {
        this.pendingBytes -= Buffer.byteLength(w.data)
        this.pendingRecords -= w.records
        w.undo?.()
        w.reject(error)
      }
    }
  }

  /**
   * After a failed write or sync (a full disk, an I/O error), nothing of the failed batch may
   * stay in the file: it was not acknowledged, and a part of a line would spoil the lines
   * after it. The file is cut back to its last synced length; if even that fails, the file is
   * sealed as damaged, and only that length of it is inserted.
   */
  private async cutBack(active: { handle: FileHandle; segment: Segment }) {
    try {
      await active.handle.truncate(active.segment.bytes)
      await active.handle.datasync()
    } catch {
      active.segment.damaged = true
      try {
        await this.seal()
      } catch {
        // The file stays on disk and is replayed (checked) at the next start.
      }
    }
  }

  private async openSegment() {
    const name = segmentName()
    const path = join(this.options.dir, name)
    const handle = await (this.options.openFile ?? ((p: string) => open(p, 'a')))(path)
    // The header is synced with the first records (fdatasync covers all of the file's data).
    const header = this.options.header === undefined ? '' : `${this.options.header}\n`
    try {
      if (header) {
        const { bytesWritten } = await handle.write(Buffer.from(header))
        if (bytesWritten !== Buffer.byteLength(header))
          throw new Error('The header did not fit into the spool file')
      }
      // The new file's directory entry must be durable too, or a crash could lose the whole file.
      const dir = await open(this.options.dir, 'r')
      try {
        await dir.sync()
      } finally {
        await dir.close()
      }
    } catch (error) {
      // Nothing was appended to it yet: the file goes, rather than stay with part of a header.
      await handle.close().catch(() => {})
      await rm(path, { force: true }).catch(() => {})
      throw error
    }
    const headerBytes = Buffer.byteLength(header)
    this.pendingBytes += headerBytes
    this.active = {
      handle,
      segment: { name, path, bytes: headerBytes, records: 0, firstAppend: Date.now() },
    }
    clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.closeRequested = true
      this.kick()
    }, this.options.segmentMs)
    this.timer.unref()
    return this.active
  }

  private async seal() {
    const active = this.active
    if (!active) return
    this.active = undefined
    clearTimeout(this.timer)
    await active.handle.close()
    if (active.segment.records === 0) {
      this.pendingBytes -= active.segment.bytes
      rmSync(active.segment.path, { force: true })
      return
    }
    this.options.onSegment(active.segment)
  }
}

/** Reads a spool file's records; a torn last line (a crash mid-write, never acknowledged) is skipped. */
export function readSegment(path: string): { header?: string; lines: string[]; torn: number } {
  const text = readFileSync(path, 'utf8')
  const parts = text.split('\n')
  const tail = parts.pop() ?? ''
  const header = parts[0]?.startsWith('#') ? parts.shift() : undefined
  return { header, lines: parts.filter((l) => l.length > 0), torn: tail.length > 0 ? 1 : 0 }
}
