// Mount points of the account screens; the screens themselves replace these exports.
import type { SiteRef } from '../site-ref'

/** Route /account: profile, password, two-factor authentication, sessions, API keys. */
export function AccountScreen() {
  return <section />
}

/** Route /admin (instance admins): users, invitations, roles, audit log, instance policy. */
export function AdminScreen() {
  return <section />
}

/** Panel in a site's settings: who has which role on the site. */
export function SiteMembersPanel(_props: { site: SiteRef }) {
  return <section />
}
