import type { Config } from '../config'
import type { Ingest } from '../ingest/ingest'
import type { Logger } from '../log'
import type { Store } from '../store'

/** What every route factory receives. Built once in server/main.ts (and by the tests). */
export interface Deps {
  config: Config
  store: Store
  log: Logger
  /** Milliseconds since the epoch; pinned in tests. */
  now: () => number
  /** Key for signatures and keyed hashes (see server/secret.ts). */
  secretKey: Buffer
  /** The collector's write side: pipeline, spool and writer (server/ingest). */
  ingest: Ingest
}
