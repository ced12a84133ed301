import { useState } from 'preact/hooks'
import { useT } from '../i18n'
import { useAsync } from '../lib/use-async'
import { ErrorNote, Loading } from '../components/states'
import { SaveStatus, useSave } from '../screens/settings/save-state'
import { adminApi, type AuditEntry } from './api'
import { formatWhen } from './shared'

const dict = {
  en: {
    policy: 'Instance policy',
    require: 'Require two-factor authentication for every account',
    requireHint:
      'Accounts without it must set it up at their next request before doing anything else.',
    audit: 'Audit log',
    auditHint: 'Who did what, and when. No IP addresses are recorded.',
    when: 'When',
    who: 'Who',
    what: 'What',
    about: 'Concerning',
    more: 'Older entries',
    none: 'No entries.',
  },
  de: {
    policy: 'Richtlinie der Instanz',
    require: 'Zwei-Faktor-Authentifizierung für alle Konten verlangen',
    requireHint:
      'Konten ohne sie müssen sie bei der nächsten Anfrage einrichten, bevor sie etwas anderes tun.',
    audit: 'Protokoll',
    auditHint: 'Wer hat was wann getan. IP-Adressen werden nicht gespeichert.',
    when: 'Wann',
    who: 'Wer',
    what: 'Was',
    about: 'Betrifft',
    more: 'Ältere Einträge',
    none: 'Keine Einträge.',
  },
}

/** The "require 2FA" switch. */
export function AdminPolicy() {
  const t = useT(dict)
  const policy = useAsync(() => adminApi.policy(), 'policy')
  const save = useSave()
  return (
    <section class="card form" aria-labelledby="policy-title">
      <h2 id="policy-title">{t('policy')}</h2>
      {policy.status === 'error' && (
        <ErrorNote error={policy.error} retry={() => policy.reload()} />
      )}
      {policy.data && (
        <label class="check">
          <input
            type="checkbox"
            checked={policy.data.policy.require2fa}
            disabled={save.busy}
            onChange={(e) => {
              const on = e.currentTarget.checked
              void save.run(() => adminApi.setPolicy(on)).then(() => policy.reload(true))
            }}
          />
          {t('require')}
        </label>
      )}
      <p class="muted">{t('requireHint')}</p>
      <SaveStatus error={save.error} saved={save.saved} />
    </section>
  )
}

/** The instance audit log, newest first, a page at a time. */
export function AdminAudit() {
  const t = useT(dict)
  const [older, setOlder] = useState<{ entries: AuditEntry[]; next: string | null }>()
  const first = useAsync(() => adminApi.audit(), 'audit')
  const more = useSave()
  const entries = [...(first.data?.entries ?? []), ...(older?.entries ?? [])]
  const next = older ? older.next : first.data?.next
  return (
    <section class="card" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('audit')}</h2>
      <p class="muted">{t('auditHint')}</p>
      {first.status === 'loading' && <Loading />}
      {first.status === 'error' && <ErrorNote error={first.error} retry={() => first.reload()} />}
      {first.data && entries.length === 0 && <p class="muted">{t('none')}</p>}
      {entries.length > 0 && (
        // Nothing in it takes focus, so the region does: a keyboard can scroll it on a phone.
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="audit-title">
          <table class="data-table" data-audit>
            <thead>
              <tr>
                <th scope="col">{t('when')}</th>
                <th scope="col">{t('who')}</th>
                <th scope="col">{t('what')}</th>
                <th scope="col">{t('about')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td class="when">{formatWhen(e.at)}</td>
                  <td>{e.actorEmail}</td>
                  <td>{e.action.replace(/_/g, ' ')}</td>
                  <td>{[e.site, e.target].filter(Boolean).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <button
          type="button"
          class="btn"
          disabled={more.busy}
          onClick={() =>
            void more.run(async () => {
              const page = await adminApi.audit(next)
              setOlder({ entries: [...(older?.entries ?? []), ...page.entries], next: page.next })
            })
          }
        >
          {t('more')}
        </button>
      )}
      <SaveStatus error={more.error} saved={false} />
    </section>
  )
}
