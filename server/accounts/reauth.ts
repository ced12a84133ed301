import { HttpError } from '../http/errors'
import type { AccountDeps } from './context'
import { verifyPassword } from './passwords'
import { ACCOUNT_POLICY, describeWait, Throttle } from './throttle'
import { hasTwoFactor, verifySecondFactor } from './two-factor'
import type { User } from './users'

export interface ReauthInput {
  password: string
  /** A TOTP or recovery code, required when the user has 2FA on. */
  code?: string | undefined
}

let registered: AccountDeps | undefined
// A stolen session must not become a way to guess the password or the code: failures here
// slow down like failed logins, per account.
const failures = new Throttle(ACCOUNT_POLICY)

/**
 * Gives assertReauth the running server's store, clock and secret, for callers that pass only
 * the user and the input. Called once when the HTTP routes are built.
 */
export function registerReauthDeps(deps: AccountDeps): void {
  registered = deps
}

/**
 * Confirms a destructive action with the user's password again and, when the account has 2FA
 * on, a TOTP or recovery code. Throws 403 naming the field that was wrong (`password` or
 * `code`), with `twoFactorRequired: true` when the code is missing or wrong.
 */
export async function assertReauth(
  user: User,
  input: ReauthInput,
  deps: AccountDeps | undefined = registered,
): Promise<void> {
  const now = deps?.now() ?? Date.now()
  const wait = failures.waitMs(user.id, now)
  if (wait > 0)
    throw new HttpError(
      429,
      `Too many wrong attempts. Wait ${describeWait(wait)} before trying again.`,
      { retryAfter: Math.ceil(wait / 1000) },
    )
  if (!(await verifyPassword(input.password, user.passwordHash))) {
    failures.fail(user.id, now)
    throw new HttpError(403, 'password: the password is wrong', { field: 'password' })
  }
  if (!hasTwoFactor(user)) {
    failures.reset(user.id)
    return
  }
  if (!input.code)
    throw new HttpError(403, 'code: enter the code from your authenticator app', {
      field: 'code',
      twoFactorRequired: true,
    })
  // Without the store the code cannot be checked or spent; refuse rather than skip it.
  if (!deps) throw new Error('assertReauth: account dependencies are not registered')
  if ((await verifySecondFactor(deps, user, input.code)) === 'wrong') {
    failures.fail(user.id, now)
    throw new HttpError(403, 'code: the code is wrong or was already used', {
      field: 'code',
      twoFactorRequired: true,
    })
  }
  failures.reset(user.id)
}
