import { Hono } from 'hono'
import { createMailer } from '../../accounts/mailer'
import { registerReauthDeps } from '../../accounts/reauth'
import type { Deps } from '../deps'
import type { AppEnv } from '../env'
import { accountAdminRoutes } from './accounts-admin'
import { accountDeletionRoutes } from './accounts-deletions'
import { accountLinkRoutes } from './accounts-invites'
import { accountKeyRoutes } from './accounts-keys'
import { accountSelfRoutes } from './accounts-self'
import { accountSiteRoutes } from './accounts-sites'

/**
 * Accounts and access: the user's own account and API keys, instance administration,
 * invitations and password resets, site members and audit, scheduled deletions.
 */
export function accountsRoutes(deps: Deps) {
  registerReauthDeps(deps)
  const mailer = createMailer(deps.config.SMTP_URL, deps.config.SMTP_FROM)
  return new Hono<AppEnv>()
    .route('/', accountSelfRoutes(deps))
    .route('/', accountKeyRoutes(deps))
    .route('/', accountAdminRoutes(deps, mailer))
    .route('/', accountLinkRoutes(deps, mailer))
    .route('/', accountSiteRoutes(deps, mailer))
    .route('/', accountDeletionRoutes(deps))
}
