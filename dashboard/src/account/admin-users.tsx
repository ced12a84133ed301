import { useState } from 'preact/hooks'
import { useT } from '../i18n'
import { useAsync } from '../lib/use-async'
import { ErrorNote, Loading } from '../components/states'
import { SaveStatus, useSave } from '../screens/settings/save-state'
import { adminApi } from './api'
import { OnceBox, formatWhen } from './shared'

const dict = {
  en: {
    users: 'Users',
    email: 'E-mail',
    sites: 'Sites',
    admin: 'Instance admin',
    tfa: '2FA',
    on: 'on',
    off: 'off',
    makeAdmin: 'Make admin',
    dropAdmin: 'Remove admin rights',
    resetLink: 'Password reset link',
    reset2fa: 'Reset 2FA',
    remove: 'Remove',
    confirmRemove: 'Remove {email}? Their sessions and API keys end at once.',
    link: 'One-time link for {email} (valid 24 hours). Send it to them yourself.',
    mailed: 'One-time link for {email}; it was also sent to them by e-mail.',
    invite: 'Invite someone',
    inviteEmail: 'E-mail address',
    inviteAdmin: 'As instance admin',
    send: 'Create invitation link',
    inviteLink: 'Invitation link (valid 7 days). Send it to {email}.',
    inviteMailed: 'Invitation link (valid 7 days); it was also sent to {email} by e-mail.',
    pending: 'Open invitations',
    expires: 'expires',
    withdraw: 'Withdraw',
  },
  de: {
    users: 'Benutzer',
    email: 'E-Mail',
    sites: 'Websites',
    admin: 'Instanz-Admin',
    tfa: '2FA',
    on: 'an',
    off: 'aus',
    makeAdmin: 'Zum Admin machen',
    dropAdmin: 'Admin-Rechte entziehen',
    resetLink: 'Link zum Zurücksetzen',
    reset2fa: '2FA zurücksetzen',
    remove: 'Entfernen',
    confirmRemove: '{email} entfernen? Sitzungen und API-Schlüssel enden sofort.',
    link: 'Einmal-Link für {email} (24 Stunden gültig). Senden Sie ihn selbst.',
    mailed: 'Einmal-Link für {email}; er wurde auch per E-Mail verschickt.',
    invite: 'Jemanden einladen',
    inviteEmail: 'E-Mail-Adresse',
    inviteAdmin: 'Als Instanz-Admin',
    send: 'Einladungslink erzeugen',
    inviteLink: 'Einladungslink (7 Tage gültig). Senden Sie ihn an {email}.',
    inviteMailed: 'Einladungslink (7 Tage gültig); er wurde auch per E-Mail an {email} verschickt.',
    pending: 'Offene Einladungen',
    expires: 'läuft ab',
    withdraw: 'Zurückziehen',
  },
}

/** Instance users and invitations. */
export function AdminUsers() {
  const t = useT(dict)
  const users = useAsync(() => adminApi.users(), 'users')
  const invites = useAsync(() => adminApi.invites(), 'invites')
  const save = useSave()
  const [shown, setShown] = useState<{ text: string; url: string }>()
  const [email, setEmail] = useState('')
  const [isAdmin, setIsAdmin] = useState(false)
  const act = (action: () => Promise<unknown>) =>
    void save.run(action).then(() => {
      users.reload(true)
      invites.reload(true)
    })

  return (
    <>
      <section class="card" aria-labelledby="users-title">
        <h2 id="users-title">{t('users')}</h2>
        {shown && <OnceBox label={shown.text} value={shown.url} />}
        {users.status === 'loading' && <Loading />}
        {users.status === 'error' && <ErrorNote error={users.error} retry={() => users.reload()} />}
        {users.data && (
          <div class="table-wrap">
            <table class="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('email')}</th>
                  <th scope="col">{t('sites')}</th>
                  <th scope="col">{t('tfa')}</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {users.data.users.map((u) => (
                  <tr key={u.id}>
                    <td>
                      {u.email} {u.isAdmin && <span class="pill">{t('admin')}</span>}
                    </td>
                    <td>{u.sites.map((s) => `${s.domain} (${s.role})`).join(', ')}</td>
                    <td>{u.twoFactorEnabled ? t('on') : t('off')}</td>
                    <td>
                      <div class="actions">
                        <button
                          type="button"
                          class="btn btn-small"
                          disabled={save.busy}
                          onClick={() => act(() => adminApi.setAdmin(u.id, !u.isAdmin))}
                        >
                          {u.isAdmin ? t('dropAdmin') : t('makeAdmin')}
                        </button>
                        <button
                          type="button"
                          class="btn btn-small"
                          disabled={save.busy}
                          onClick={() =>
                            act(async () => {
                              const r = await adminApi.resetLink(u.id)
                              setShown({
                                text: t(r.emailed ? 'mailed' : 'link', { email: u.email }),
                                url: r.url,
                              })
                            })
                          }
                        >
                          {t('resetLink')}
                        </button>
                        {u.twoFactorEnabled && (
                          <button
                            type="button"
                            class="btn btn-small"
                            disabled={save.busy}
                            onClick={() => act(() => adminApi.resetTwoFactor(u.id))}
                          >
                            {t('reset2fa')}
                          </button>
                        )}
                        <button
                          type="button"
                          class="btn btn-small btn-danger"
                          disabled={save.busy}
                          onClick={() =>
                            confirm(t('confirmRemove', { email: u.email })) &&
                            act(() => adminApi.removeUser(u.id))
                          }
                        >
                          {t('remove')}
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <SaveStatus error={save.error} saved={false} />
      </section>
      <section class="card form" aria-labelledby="invite-title">
        <h2 id="invite-title">{t('invite')}</h2>
        <form
          class="form"
          onSubmit={(e) => {
            e.preventDefault()
            act(async () => {
              const r = await adminApi.invite({ email, isAdmin })
              setShown({
                text: t(r.emailed ? 'inviteMailed' : 'inviteLink', { email }),
                url: r.url,
              })
              setEmail('')
            })
          }}
        >
          <label>
            {t('inviteEmail')}
            <input
              type="email"
              required
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={isAdmin}
              onChange={(e) => setIsAdmin(e.currentTarget.checked)}
            />
            {t('inviteAdmin')}
          </label>
          <div class="actions">
            <button type="submit" class="btn btn-primary" disabled={save.busy}>
              {t('send')}
            </button>
          </div>
        </form>
        {invites.data && invites.data.invites.length > 0 && (
          <>
            <h3>{t('pending')}</h3>
            <ul class="item-list">
              {invites.data.invites.map((i) => (
                <li key={i.id}>
                  {i.email} {i.isAdmin && <span class="pill">{t('admin')}</span>}{' '}
                  <span class="muted">
                    {t('expires')} {formatWhen(i.expiresAt)}
                  </span>{' '}
                  <button
                    type="button"
                    class="btn btn-small"
                    disabled={save.busy}
                    onClick={() => act(() => adminApi.withdrawInvite(i.id))}
                  >
                    {t('withdraw')}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  )
}
