// The account screens, mounted by the dashboard's router (dashboard/src/app.tsx).
import { useT } from '../i18n'
import { useAsync } from '../lib/use-async'
import { ErrorNote, Loading } from '../components/states'
import type { SiteRef } from '../site-ref'
import { AdminAudit, AdminPolicy } from './admin-audit'
import { AdminBackups } from './admin-backups'
import { AdminUsers } from './admin-users'
import { accountApi } from './api'
import { DataCard } from './data-card'
import { KeysCard } from './keys-card'
import { ProfileCards } from './password-card'
import { SessionsCard } from './sessions-card'
import { SiteMembers } from './site-members'
import { TwoFactorCard } from './two-factor-card'

export { ForgotPasswordScreen, InviteScreen, PasswordResetScreen } from './link-screens'

const dict = {
  en: { account: 'Your account', admin: 'Administration' },
  de: { account: 'Ihr Konto', admin: 'Verwaltung' },
}

/** Route /account: profile, password, two-factor authentication, sessions, API keys, own data. */
export function AccountScreen() {
  const t = useT(dict)
  const info = useAsync(() => accountApi.get(), 'account')
  return (
    <main id="main" class="page narrow stack">
      <h1>{t('account')}</h1>
      {info.status === 'loading' && !info.data && <Loading />}
      {info.status === 'error' && <ErrorNote error={info.error} retry={() => info.reload()} />}
      {info.data && (
        <>
          <TwoFactorCard info={info.data} onChange={() => info.reload(true)} />
          <ProfileCards info={info.data} onChange={() => info.reload(true)} />
          {!(info.data.require2fa && !info.data.twoFactor.enabled) && (
            <>
              <SessionsCard />
              <KeysCard />
            </>
          )}
          <DataCard info={info.data} />
        </>
      )}
    </main>
  )
}

/** Route /admin (instance admins): users, invitations, roles, audit log, policy, backups. */
export function AdminScreen() {
  const t = useT(dict)
  return (
    <main id="main" class="page stack">
      <h1>{t('admin')}</h1>
      <AdminUsers />
      <AdminPolicy />
      <AdminBackups />
      <AdminAudit />
    </main>
  )
}

/** Panel in a site's settings: who has which role on the site. */
export function SiteMembersPanel({ site }: { site: SiteRef }) {
  return <SiteMembers site={site} />
}
