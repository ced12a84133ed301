import { join } from 'node:path'

export interface IngestOptions {
  spoolDir: string
  /** Unwritten bytes on disk before the collector answers 503. */
  spoolMaxBytes: number
  batchRecords: number
  batchMs: number
  /** Hits per second and burst per client address; 0 turns the limit off. */
  ratePerSecond: number
  rateBurst: number
  /** How long SIGTERM waits for the store to take the spool before leaving it for the next start. */
  drainTimeoutMs: number
}

type Env = Record<string, string | undefined>

function positive(env: Env, name: string, fallback: number, allowZero = false): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0))
    throw new Error(
      `Invalid configuration:\n  ${name}: must be a ${allowZero ? 'non-negative' : 'positive'} number`,
    )
  return n
}

/** The collector's spool directory in DATA_DIR. */
export const spoolDirIn = (dataDir: string) => join(dataDir, 'spool')

/**
 * Collector tuning from the environment: SPOOL_MAX_MB (1024), INGEST_BATCH_EVENTS (10000),
 * INGEST_BATCH_MS (1000), COLLECT_RATE_PER_SECOND (20, 0 = off), COLLECT_RATE_BURST (200),
 * DRAIN_TIMEOUT_MS (20000).
 */
export function ingestOptionsFromEnv(dataDir: string, env: Env): IngestOptions {
  return {
    spoolDir: spoolDirIn(dataDir),
    spoolMaxBytes: positive(env, 'SPOOL_MAX_MB', 1024) * 1024 * 1024,
    batchRecords: Math.round(positive(env, 'INGEST_BATCH_EVENTS', 10_000)),
    batchMs: positive(env, 'INGEST_BATCH_MS', 1000),
    ratePerSecond: positive(env, 'COLLECT_RATE_PER_SECOND', 20, true),
    rateBurst: positive(env, 'COLLECT_RATE_BURST', 200),
    drainTimeoutMs: positive(env, 'DRAIN_TIMEOUT_MS', 20_000),
  }
}
