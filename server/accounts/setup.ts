import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { Config } from '../config'
import type { Logger } from '../log'
import type { Store } from '../store'
import { countUsers, createUser, getUserByEmail } from './users'

export interface SetupState {
  /** Present while the instance has no user: the one-time token the setup page asks for. */
  token: string | undefined
}

/**
 * First run: with ADMIN_EMAIL and ADMIN_PASSWORD the owner account is created without a
 * prompt; otherwise, while no user exists, a one-time setup token is printed to the log.
 */
export async function prepareFirstRun(
  store: Store,
  config: Config,
  log: Logger,
  now: number,
): Promise<SetupState> {
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    if (!(await getUserByEmail(store, config.ADMIN_EMAIL))) {
      await createUser(
        store,
        { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD, isAdmin: true },
        now,
      )
      log.info({ email: config.ADMIN_EMAIL }, 'created the admin account from ADMIN_EMAIL')
    }
    return { token: undefined }
  }
  if ((await countUsers(store)) > 0) return { token: undefined }
  const token = randomBytes(12).toString('base64url')
  log.warn(`No account exists yet. Open the dashboard and enter this setup token: ${token}`)
  return { token }
}

export function checkSetupToken(state: SetupState, given: string): boolean {
  if (!state.token) return false
  const a = Buffer.from(state.token)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}
