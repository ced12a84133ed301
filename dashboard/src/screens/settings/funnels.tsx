import { useState } from 'preact/hooks'
import { Empty, ErrorNote, Loading } from '../../components/states'
import { useT } from '../../i18n'
import { createFunnel, deleteFunnel, listFunnels, listGoals } from '../../lib/goals-api'
import type { Site } from '../../lib/types'
import { useAsync } from '../../lib/use-async'
import { SaveStatus, useSave } from './save-state'

const dict = {
  en: {
    title: 'Funnels',
    none: 'No funnels yet. A funnel follows visitors through goals in order.',
    needGoals: 'Add at least two goals first.',
    name: 'Funnel name',
    step: 'Step {n}',
    addStep: 'Add step',
    add: 'Create funnel',
    remove: 'Delete funnel {f}',
  },
  de: {
    title: 'Trichter',
    none: 'Noch keine Trichter. Ein Trichter verfolgt Besucher der Reihe nach durch Ziele.',
    needGoals: 'Legen Sie zuerst mindestens zwei Ziele an.',
    name: 'Name des Trichters',
    step: 'Schritt {n}',
    addStep: 'Schritt hinzufügen',
    add: 'Trichter anlegen',
    remove: 'Trichter {f} löschen',
  },
}

/** The site's funnels: list, create from goals, delete. */
export function FunnelSettings({ site }: { site: Site }) {
  const t = useT(dict)
  const funnels = useAsync(() => listFunnels(site.domain), `funnels:${site.domain}`)
  const goals = useAsync(() => listGoals(site.domain), `goals:${site.domain}`)
  const [name, setName] = useState('')
  const [steps, setSteps] = useState<string[]>(['', ''])
  const save = useSave()
  const removal = useSave()
  const goalList = goals.data?.goals ?? []

  const submit = async (e: Event) => {
    e.preventDefault()
    const ok = await save.run(() =>
      createFunnel(site.domain, { name: name.trim(), steps: steps.filter(Boolean) }),
    )
    if (ok) {
      setName('')
      setSteps(['', ''])
      funnels.reload(true)
    }
  }

  return (
    <div class="stack">
      <section class="card">
        <h2>{t('title')}</h2>
        {funnels.status === 'loading' && <Loading />}
        {funnels.status === 'error' && <ErrorNote error={funnels.error} retry={funnels.reload} />}
        {funnels.status === 'ok' && funnels.data.funnels.length === 0 && <Empty>{t('none')}</Empty>}
        <ul class="item-list">
          {funnels.data?.funnels.map((f) => (
            <li key={f.id}>
              <span>
                <strong>{f.name}</strong>{' '}
                <span class="muted">
                  {f.steps
                    .map((id) => goalList.find((g) => g.id === id)?.displayName ?? id)
                    .join(' → ')}
                </span>
              </span>
              <button
                type="button"
                class="btn btn-small btn-danger"
                aria-label={t('remove', { f: f.name })}
                onClick={() =>
                  void removal
                    .run(() => deleteFunnel(site.domain, f.id))
                    .then(() => funnels.reload(true))
                }
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <SaveStatus error={removal.error} saved={false} />
      </section>
      {goals.status === 'ok' && goalList.length < 2 && <Empty>{t('needGoals')}</Empty>}
      {goalList.length >= 2 && (
        <form class="card form" onSubmit={(e) => void submit(e)}>
          <h2>{t('add')}</h2>
          <label>
            {t('name')}
            <input required value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          {steps.map((s, i) => (
            <label key={i}>
              {t('step', { n: i + 1 })}
              <select
                required={i < 2}
                value={s}
                onChange={(e) =>
                  setSteps(steps.map((x, j) => (j === i ? e.currentTarget.value : x)))
                }
              >
                <option value="">—</option>
                {goalList.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.displayName}
                  </option>
                ))}
              </select>
            </label>
          ))}
          {steps.length < 8 && (
            <button type="button" class="btn btn-small" onClick={() => setSteps([...steps, ''])}>
              + {t('addStep')}
            </button>
          )}
          <SaveStatus error={save.error} saved={save.saved} />
          <button type="submit" class="btn btn-primary" disabled={save.busy}>
            {t('add')}
          </button>
        </form>
      )}
    </div>
  )
}
