import type { User } from '../accounts/users'
import type { AuthSession } from '../accounts/sessions'

/** Hono context variables set by the middleware in server/http/auth.ts. */
export interface AppEnv {
  Variables: {
    user: User | undefined
    session: AuthSession | undefined
    /** Set when the request was authenticated by an API key instead of a session cookie. */
    apiKey: { id: string; userId: string; scopes: string[]; siteIds: number[] } | undefined
    /** The instance requires 2FA and this session's user has not set it up yet. */
    mustSetUp2fa?: boolean
  }
}
