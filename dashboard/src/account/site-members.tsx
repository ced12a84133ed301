import { useState } from 'preact/hooks'
import { useT } from '../i18n'
import { useAsync } from '../lib/use-async'
import { ErrorNote, Loading } from '../components/states'
import { SaveStatus, useSave } from '../screens/settings/save-state'
import type { SiteRef } from '../site-ref'
import { membersApi, type Role } from './api'
import { OnceBox } from './shared'

const dict = {
  en: {
    title: 'Members',
    intro:
      'Owners can do everything, including deleting data and naming other owners. Admins change settings and manage admins and viewers. Viewers only look.',
    viewerOnly: 'Only the site’s owners and admins see and change its members.',
    owner: 'Owner',
    admin: 'Admin',
    viewer: 'Viewer',
    role: 'Role of {email}',
    remove: 'Remove',
    add: 'Add a member',
    email: 'E-mail address',
    newRole: 'Role',
    submit: 'Add',
    added: 'Added.',
    invited: 'No account uses this address yet. Send this invitation link (valid 7 days):',
    invitedMailed:
      'No account uses this address yet; an invitation was sent by e-mail. The link (valid 7 days):',
    pending: 'Invited, not yet accepted',
  },
  de: {
    title: 'Mitglieder',
    intro:
      'Inhaber dürfen alles, auch Daten löschen und weitere Inhaber benennen. Admins ändern Einstellungen und verwalten Admins und Betrachter. Betrachter sehen nur.',
    viewerOnly: 'Nur Inhaber und Admins der Website sehen und ändern ihre Mitglieder.',
    owner: 'Inhaber',
    admin: 'Admin',
    viewer: 'Betrachter',
    role: 'Rolle von {email}',
    remove: 'Entfernen',
    add: 'Mitglied hinzufügen',
    email: 'E-Mail-Adresse',
    newRole: 'Rolle',
    submit: 'Hinzufügen',
    added: 'Hinzugefügt.',
    invited:
      'Noch kein Konto nutzt diese Adresse. Senden Sie diesen Einladungslink (7 Tage gültig):',
    invitedMailed:
      'Noch kein Konto nutzt diese Adresse; eine Einladung ging per E-Mail hinaus. Der Link (7 Tage gültig):',
    pending: 'Eingeladen, noch nicht angenommen',
  },
}

const ROLES: Role[] = ['owner', 'admin', 'viewer']

/** Who has which role on the site; owners and admins add, change and remove members. */
export function SiteMembers({ site }: { site: SiteRef }) {
  const t = useT(dict)
  const canManage = site.role !== 'viewer'
  const list = useAsync(
    () =>
      canManage ? membersApi.list(site.domain) : Promise.resolve({ members: [], invites: [] }),
    site.domain,
  )
  const save = useSave()
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<Role>('viewer')
  const [note, setNote] = useState<{ url?: string; emailed?: boolean }>()
  const act = (action: () => Promise<unknown>) =>
    void save.run(action).then(() => list.reload(true))
  // Only an owner gives or takes the owner role.
  const choices = site.role === 'owner' ? ROLES : ROLES.filter((r) => r !== 'owner')

  if (!canManage)
    return (
      <section class="card">
        <h2>{t('title')}</h2>
        <p class="muted">{t('viewerOnly')}</p>
      </section>
    )
  return (
    <section class="card form" aria-labelledby="members-title" data-members>
      <h2 id="members-title">{t('title')}</h2>
      <p class="muted">{t('intro')}</p>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorNote error={list.error} retry={() => list.reload()} />}
      {list.data && (
        <ul class="item-list">
          {list.data.members.map((m) => (
            <li key={m.userId}>
              <span>{m.name ? `${m.name} <${m.email}>` : m.email}</span>{' '}
              <select
                aria-label={t('role', { email: m.email })}
                value={m.role}
                disabled={save.busy || (m.role === 'owner' && site.role !== 'owner')}
                onChange={(e) => {
                  const next = e.currentTarget.value as Role
                  act(() => membersApi.setRole(site.domain, m.userId, next))
                }}
              >
                {(m.role === 'owner' ? ROLES : choices).map((r) => (
                  <option key={r} value={r}>
                    {t(r)}
                  </option>
                ))}
              </select>{' '}
              <button
                type="button"
                class="btn btn-small btn-danger"
                disabled={save.busy}
                onClick={() => act(() => membersApi.remove(site.domain, m.userId))}
              >
                {t('remove')}
              </button>
            </li>
          ))}
          {list.data.invites.map((i) => (
            <li key={i.id} class="muted">
              {i.email} — {t('pending')} (
              {t(i.sites.find((s) => s.domain === site.domain)?.role ?? 'viewer')})
            </li>
          ))}
        </ul>
      )}
      <form
        class="form"
        onSubmit={(e) => {
          e.preventDefault()
          act(async () => {
            const r = await membersApi.add(site.domain, email, role)
            setNote(r.added ? {} : { url: r.url ?? '', emailed: r.emailed === true })
            setEmail('')
          })
        }}
      >
        <h3>{t('add')}</h3>
        <label>
          {t('email')}
          <input
            type="email"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('newRole')}
          <select value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {choices.map((r) => (
              <option key={r} value={r}>
                {t(r)}
              </option>
            ))}
          </select>
        </label>
        <div class="actions">
          <button type="submit" class="btn btn-primary" disabled={save.busy}>
            {t('submit')}
          </button>
        </div>
      </form>
      {note &&
        (note.url ? (
          <OnceBox label={t(note.emailed ? 'invitedMailed' : 'invited')} value={note.url} />
        ) : (
          <p class="ok-text">{t('added')}</p>
        ))}
      <SaveStatus error={save.error} saved={false} />
    </section>
  )
}
