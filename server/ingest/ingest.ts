import type { FileHandle } from 'node:fs/promises'
import type { Logger } from '../log'
import type { Site } from '../sites/sites'
import type { Store } from '../store'
import { openGeo, type GeoLookup } from '../collect/geo'
import { processHit, type HitInput, type Outcome } from '../collect/pipeline'
import { RateLimiter } from '../collect/rate-limit'
import { Salts } from '../collect/salts'
import { SessionTracker } from '../collect/sessions'
import type { SessionRow } from '../collect/rows'
import { SiteCache } from '../collect/site-cache'
import { IngestMetrics } from './metrics'
import { encodeHit, SPOOL_HEADER } from './record'
import type { IngestOptions } from './options'
import { restoreSessions } from './restore'
import { dropSetAside, setAsideDirOf, type SetAsideErasure } from './set-aside'
import { Spool, SpoolFullError, type Segment } from './spool'
import { Writer } from './writer'

export interface IngestStatus {
  spoolBytes: number
  spoolEvents: number
  /** Milliseconds since the oldest event not yet confirmed by the store was appended. */
  writerLagMs: number
  /** Visits held in memory. */
  visits: number
  /** Group commits so far, and the time spent in them. */
  syncs: number
  syncSeconds: number
}

export interface Submitted {
  outcome: Outcome
  /** Resolves when an accepted hit is on disk (immediately for anything else). */
  durable: Promise<void>
}

const ISOLATE_TIMEOUT_MS = 30 * 60_000

/** The write side: pipeline, spool and writer, as the routes and start-up see it. */
export interface Ingest {
  /** Runs a hit through the pipeline and waits until it is durable; `now` is the hit's time. */
  collect(input: HitInput, now: number): Promise<Outcome>
  /** Like collect, but returns once the visit is updated, with the wait for the disk apart. */
  submit(input: HitInput, now: number): Promise<Submitted>
  /** Closes the current spool segment and waits until the store has everything acknowledged. */
  flush(timeoutMs?: number): Promise<void>
  /** Per-client rate limit; false when the client is over it. */
  allow(clientKey: string, now: number): boolean
  status(): IngestStatus
  /**
   * Runs `work` (an erasure) while the store holds exactly what was spooled before it began:
   * everything acknowledged earlier is stored first, later hits wait in the spool until `work`
   * is done, and the open visits `erased` selects are forgotten at the boundary, so no later
   * hit cancels a visit row that `work` removes. `work` may call `resume` to let the writer go
   * on before it is done.
   */
  isolate<T>(
    erased: (visit: SessionRow) => boolean,
    work: (resume: () => void) => Promise<T>,
  ): Promise<T>
  /**
   * Removes the hits an erasure reaches from the lines the store refused and the writer set
   * aside (see set-aside.ts); returns how many. Called within `isolate`, while the writer waits.
   */
  dropSetAside(erasure: SetAsideErasure): Promise<number>
  readonly metrics: IngestMetrics
  readonly sites: SiteCache
  /** Finishes acknowledged work (within the drain timeout) and stops. */
  close(): Promise<void>
}

export interface IngestDeps {
  store: Store
  log: Logger
  options: IngestOptions
  now: () => number
  resolveSegment: (site: Site, value: string | undefined) => Promise<string>
  geo?: GeoLookup
  /** Opens a spool file; a test may hand out files that fail as on a full disk. */
  openSpoolFile?: (path: string) => Promise<FileHandle>
}

/**
 * Starts the write side: replays spool files left by an earlier run, restores the open visits
 * and begins accepting hits.
 */
export async function startIngest(deps: IngestDeps): Promise<Ingest> {
  const { store, log, options } = deps
  const metrics = new IngestMetrics()
  const sessions = new SessionTracker()
  const sites = new SiteCache(store, {
    onError: (error) => log.warn({ err: String(error) }, 'could not load sites'),
  })
  const salts = new Salts(store)
  const geo = deps.geo ?? openGeo()

  const setAsideDir = setAsideDirOf(options.spoolDir)
  const spool: Spool = new Spool({
    dir: options.spoolDir,
    maxBytes: options.spoolMaxBytes,
    segmentRecords: options.batchRecords,
    segmentMs: options.batchMs,
    onSegment: (segment) => writer.enqueue(segment),
    header: SPOOL_HEADER,
    ...(deps.openSpoolFile ? { openFile: deps.openSpoolFile } : {}),
  })
  const writer: Writer = new Writer({
    store,
    async onWritten(segment: Segment, info) {
      metrics.eventsWritten += info.records
      metrics.batchSize.observe(info.records)
      metrics.batchSeconds.observe(info.ms / 1000)
      try {
        await spool.release(segment)
      } catch (error) {
        // Stored already; a file left behind is replayed at the next start and deduplicated.
        log.warn({ err: String(error), segment: segment.name }, 'could not remove a spool file')
      }
    },
    onError(error, segment, attempt) {
      metrics.insertErrors++
      log.warn(
        {
          err: error instanceof Error ? error.message : String(error),
          segment: segment.name,
          attempt,
        },
        'insert failed; retrying',
      )
    },
    setAsideDir,
    onSetAside(segment, lines, path) {
      metrics.linesSetAside += lines
      log.error(
        { segment: segment.name, lines, path },
        'the store refuses lines of a spool file for their content; they were moved to the ' +
          'file named here, and the rest of the spool is being stored. Those hits are not in ' +
          'the store: keep the file for a later version that can read them, or delete it ' +
          '(erasures and the retention limit reach it too)',
      )
    },
  })

  const leftovers = spool.leftovers()
  try {
    // Reads the leftover files, and so counts their hits for spool.events.
    const restored = await restoreSessions(store, sessions, leftovers, deps.now())
    if (restored > 0) log.info({ visits: restored }, 'restored open visits')
  } catch (error) {
    log.warn({ err: String(error) }, 'could not restore open visits; they start anew')
  }
  for (const segment of leftovers) spool.adopt(segment)
  if (leftovers.length > 0) log.info({ files: leftovers.length }, 'replaying the spool')
  for (const segment of leftovers) writer.enqueue(segment)

  const limiter = new RateLimiter(options.ratePerSecond, options.rateBurst)
  const sweeper = setInterval(() => {
    sessions.sweep()
    limiter.sweep(deps.now())
  }, 60_000)
  sweeper.unref()

  const ctx = {
    sites,
    salts,
    sessions,
    geo,
    resolveSegment: deps.resolveSegment,
    hasRoom: () => spool.hasRoom(),
  }

  async function submit(input: HitInput, now: number): Promise<Submitted> {
    let outcome: Outcome
    try {
      outcome = await processHit(ctx, input, now)
    } catch (error) {
      // Only the store lookups (sites, salts, segments) can fail here; the sender may retry.
      log.error(
        { err: error instanceof Error ? error.message : String(error) },
        'hit not processed',
      )
      outcome = { kind: 'unavailable' }
    }
    switch (outcome.kind) {
      case 'dropped':
        metrics.drop(outcome.reason)
        return { outcome, durable: Promise.resolve() }
      case 'invalid':
        metrics.invalid++
        return { outcome, durable: Promise.resolve() }
      case 'full':
        metrics.rejectedFull++
        return { outcome, durable: Promise.resolve() }
      case 'unavailable':
        metrics.unavailable++
        return { outcome, durable: Promise.resolve() }
      case 'accepted': {
        // One append for all the hit's rows: they are written together or not at all, and
        // if not, the visits are put back as they were.
        const { records } = outcome
        const undo = () => {
          for (let i = records.length - 1; i >= 0; i--) sessions.revert(records[i]?.sessions ?? [])
        }
        const durable = spool.append(records.map(encodeHit), undo).then(() => {
          metrics.accepted++
        })
        return { outcome, durable }
      }
    }
  }

  return {
    metrics,
    sites,
    submit,
    async collect(input, now) {
      const { outcome, durable } = await submit(input, now)
      try {
        await durable
      } catch (error) {
        if (error instanceof SpoolFullError) {
          metrics.rejectedFull++
          return { kind: 'full' }
        }
        // A full disk or an I/O error: nothing of the hit was kept, and the sender may retry.
        log.error(
          { err: error instanceof Error ? error.message : String(error) },
          'hit not written to the spool (answered 503): check the free space and the disk of DATA_DIR/spool',
        )
        metrics.unavailable++
        return { kind: 'unavailable' }
      }
      return outcome
    },
    async flush(timeoutMs = 30_000) {
      await spool.cut()
      if (!(await writer.drain(timeoutMs)))
        throw new Error('the store did not take the spool in time')
    },
    allow: (key, now) => {
      const ok = limiter.take(key, now)
      if (!ok) metrics.rateLimited++
      return ok
    },
    async isolate(erased, work) {
      // Cut and forget in one macrotask: microtasks never run in between, so no hit is halfway
      // from changing its visit to appending its rows (submit appends without awaiting I/O).
      const { sealed } = await new Promise<{ sealed: Promise<void> }>((resolve) =>
        setImmediate(() => {
          const sealed = spool.cut()
          const n = sessions.forget(erased)
          if (n > 0) log.info({ visits: n }, 'forgot open visits whose rows are erased')
          resolve({ sealed })
        }),
      )
      await sealed
      // A backlog (after the store was away) is stored first; an erasure that gave up here
      // would have to be scheduled again, so it waits as long as its mutations may take.
      const release = await writer.pause(ISOLATE_TIMEOUT_MS)
      try {
        return await work(release)
      } finally {
        release()
      }
    },
    async dropSetAside(erasure) {
      const lines = await dropSetAside(setAsideDir, erasure)
      if (lines > 0) log.info({ lines }, 'erased hits from the set-aside spool lines')
      return lines
    },
    status() {
      const oldest = writer.backlog[0]?.firstAppend
      return {
        spoolBytes: spool.pendingBytes,
        spoolEvents: spool.pendingRecords,
        writerLagMs: oldest === undefined ? 0 : Math.max(0, Date.now() - oldest),
        visits: sessions.size,
        syncs: spool.syncs,
        syncSeconds: spool.syncSeconds,
      }
    },
    async close() {
      clearInterval(sweeper)
      await spool.close()
      const done = await writer.drain(options.drainTimeoutMs)
      writer.stop()
      if (!done)
        log.warn(
          { spoolBytes: spool.pendingBytes },
          'the store did not take the whole spool; it is replayed at the next start',
        )
      else log.info('spool drained')
    },
  }
}
