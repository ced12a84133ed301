import { useT } from '../i18n'
import { useAsync } from '../lib/use-async'
import { ErrorNote, Loading } from '../components/states'
import { SaveStatus, useSave } from '../screens/settings/save-state'
import { accountApi } from './api'
import { formatWhen } from './shared'

const dict = {
  en: {
    title: 'Active sessions',
    intro: 'Where you are logged in. A session ends after 3 days without use and 14 days at most.',
    device: 'Device',
    unknown: 'Unknown device',
    since: 'Logged in',
    seen: 'Last used',
    current: 'This session',
    end: 'Log out',
    endOthers: 'Log out everywhere else',
  },
  de: {
    title: 'Aktive Sitzungen',
    intro:
      'Wo Sie angemeldet sind. Eine Sitzung endet nach 3 Tagen ohne Nutzung und spätestens nach 14 Tagen.',
    device: 'Gerät',
    unknown: 'Unbekanntes Gerät',
    since: 'Angemeldet',
    seen: 'Zuletzt genutzt',
    current: 'Diese Sitzung',
    end: 'Abmelden',
    endOthers: 'Überall sonst abmelden',
  },
}

/** The user's live sessions with "log out" per session and "log out everywhere else". */
export function SessionsCard() {
  const t = useT(dict)
  const list = useAsync(() => accountApi.sessions(), 'sessions')
  const save = useSave()
  const act = (action: () => Promise<unknown>) =>
    void save.run(action).then(() => list.reload(true))

  return (
    <section class="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('title')}</h2>
      <p class="muted">{t('intro')}</p>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorNote error={list.error} retry={() => list.reload()} />}
      {list.data && (
        <div class="table-wrap">
          <table class="data-table">
            <thead>
              <tr>
                <th scope="col">{t('device')}</th>
                <th scope="col">{t('since')}</th>
                <th scope="col">{t('seen')}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {list.data.sessions.map((s) => (
                <tr key={s.id}>
                  <td>{s.label || t('unknown')}</td>
                  <td class="when">{formatWhen(s.createdAt)}</td>
                  <td class="when">{formatWhen(s.lastSeenAt)}</td>
                  <td class="num">
                    {s.current ? (
                      <span class="pill">{t('current')}</span>
                    ) : (
                      <button
                        type="button"
                        class="btn btn-small"
                        disabled={save.busy}
                        onClick={() => act(() => accountApi.endSession(s.id))}
                      >
                        {t('end')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="actions">
        <button
          type="button"
          class="btn btn-danger"
          disabled={save.busy}
          onClick={() => act(() => accountApi.endOtherSessions())}
        >
          {t('endOthers')}
        </button>
      </div>
      <SaveStatus error={save.error} saved={false} />
    </section>
  )
}
