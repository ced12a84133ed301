import type { Store } from '../store'

/** What account functions need from the running server (a subset of the HTTP Deps). */
export interface AccountDeps {
  store: Store
  /** Milliseconds since the epoch; pinned in tests. */
  now: () => number
  /** Instance secret for sealing TOTP seeds and hashing recovery codes. */
  secretKey: Buffer
}
