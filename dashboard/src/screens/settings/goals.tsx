import { useState } from 'preact/hooks'
import { Empty, ErrorNote, Loading } from '../../components/states'
import { useT } from '../../i18n'
import { createGoal, deleteGoal, listGoals } from '../../lib/goals-api'
import type { Site } from '../../lib/types'
import { useAsync } from '../../lib/use-async'
import { SaveStatus, useSave } from './save-state'

const dict = {
  en: {
    title: 'Goals',
    none: 'No goals yet. A goal counts visitors who send a custom event or reach a page.',
    kind: 'Goal type',
    event: 'Custom event',
    page: 'Pageview',
    eventName: 'Event name',
    pagePath: 'Page path (* within a segment, ** across segments)',
    displayName: 'Display name (optional)',
    currency: 'Revenue currency (optional, e.g. EUR)',
    add: 'Add goal',
    remove: 'Delete goal {g}',
  },
  de: {
    title: 'Ziele',
    none: 'Noch keine Ziele. Ein Ziel zählt Besucher, die ein Ereignis senden oder eine Seite erreichen.',
    kind: 'Zieltyp',
    event: 'Eigenes Ereignis',
    page: 'Seitenaufruf',
    eventName: 'Ereignisname',
    pagePath: 'Seitenpfad (* innerhalb eines Abschnitts, ** über Abschnitte)',
    displayName: 'Anzeigename (optional)',
    currency: 'Umsatzwährung (optional, z. B. EUR)',
    add: 'Ziel hinzufügen',
    remove: 'Ziel {g} löschen',
  },
}

/** The site's goals: list, add, delete. */
export function GoalSettings({ site }: { site: Site }) {
  const t = useT(dict)
  const goals = useAsync(() => listGoals(site.domain), `goals:${site.domain}`)
  const [kind, setKind] = useState<'event' | 'page'>('event')
  const [name, setName] = useState('')
  const [display, setDisplay] = useState('')
  const [currency, setCurrency] = useState('')
  const save = useSave()
  const removal = useSave()

  const submit = async (e: Event) => {
    e.preventDefault()
    const ok = await save.run(() =>
      createGoal(site.domain, {
        kind,
        eventName: kind === 'event' ? name.trim() : '',
        pagePath: kind === 'page' ? name.trim() : '',
        displayName: display.trim() || (kind === 'page' ? `Visit ${name.trim()}` : name.trim()),
        currency: currency.trim().toUpperCase(),
      }),
    )
    if (ok) {
      setName('')
      setDisplay('')
      setCurrency('')
      goals.reload(true)
    }
  }

  return (
    <div class="stack">
      <section class="card">
        <h2>{t('title')}</h2>
        {goals.status === 'loading' && <Loading />}
        {goals.status === 'error' && <ErrorNote error={goals.error} retry={goals.reload} />}
        {goals.status === 'ok' && goals.data.goals.length === 0 && <Empty>{t('none')}</Empty>}
        <ul class="item-list">
          {goals.data?.goals.map((g) => (
            <li key={g.id}>
              <span>
                <strong>{g.displayName}</strong>{' '}
                <span class="muted">
                  {g.kind === 'page' ? g.pagePath : g.eventName}
                  {g.currency && ` · ${g.currency}`}
                </span>
              </span>
              <button
                type="button"
                class="btn btn-small btn-danger"
                aria-label={t('remove', { g: g.displayName })}
                onClick={() =>
                  void removal
                    .run(() => deleteGoal(site.domain, g.id))
                    .then(() => goals.reload(true))
                }
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <SaveStatus error={removal.error} saved={false} />
      </section>
      <form class="card form" onSubmit={(e) => void submit(e)}>
        <h2>{t('add')}</h2>
        <label>
          {t('kind')}
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value as 'event' | 'page')}>
            <option value="event">{t('event')}</option>
            <option value="page">{t('page')}</option>
          </select>
        </label>
        <label>
          {kind === 'event' ? t('eventName') : t('pagePath')}
          <input required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label>
          {t('displayName')}
          <input value={display} onInput={(e) => setDisplay(e.currentTarget.value)} />
        </label>
        {kind === 'event' && (
          <label>
            {t('currency')}
            <input
              value={currency}
              maxLength={3}
              pattern="[A-Za-z]{3}"
              onInput={(e) => setCurrency(e.currentTarget.value)}
            />
          </label>
        )}
        <SaveStatus error={save.error} saved={save.saved} />
        <button type="submit" class="btn btn-primary" disabled={save.busy}>
          {t('add')}
        </button>
      </form>
    </div>
  )
}
