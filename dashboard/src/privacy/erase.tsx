import { useState } from 'preact/hooks'
import { useLocale, useT } from '../i18n'
import { todayIn } from '../lib/dates'
import { useAsync } from '../lib/use-async'
import { ErrorNote, Loading } from '../components/states'
import { SaveStatus, useSave } from '../screens/settings/save-state'
import type { SiteRef } from '../site-ref'
import { cancelDeletion, listDeletions, scheduleDeletion, type Deletion } from './api'
import { dict, type Key } from './dict'
import { formatDay, ReauthFields } from './shared'

type What = 'range' | 'site_data' | 'site'

/** Erasure through the scheduled deletion: what, confirmation, and the list with cancel. */
export function EraseSection({ site }: { site: SiteRef }) {
  const t = useT(dict)
  const locale = useLocale()
  const list = useAsync(() => listDeletions(site.domain), site.domain)
  const today = todayIn(site.timezone)
  const [what, setWhat] = useState<What>('range')
  const [from, setFrom] = useState(today)
  const [to, setTo] = useState(today)
  const [password, setPassword] = useState('')
  const [code, setCode] = useState('')
  const save = useSave()
  const day = (ms: number) => formatDay(ms, site.timezone, locale)
  const owner = site.role === 'owner'

  const after = (ok: boolean) => {
    if (!ok) return
    setPassword('')
    setCode('')
    list.reload(true)
  }
  const submit = async (e: Event) => {
    e.preventDefault()
    const reauth = { password, ...(code && { code }) }
    after(
      await save.run(() =>
        scheduleDeletion(
          site.domain,
          what === 'range' ? { kind: 'range', from, to, ...reauth } : { kind: what, ...reauth },
        ),
      ),
    )
  }
  const describe = (d: Deletion) =>
    d.kind === 'range'
      ? t('kind_range', { from: day(d.from ?? 0), to: day((d.to ?? 1) - 1) })
      : d.kind === 'retention'
        ? t('kind_retention', { n: d.retentionMonths ?? 0 })
        : t(`kind_${d.kind}`)

  return (
    <section class="card stack" aria-labelledby="privacy-erase">
      <h2 id="privacy-erase">{t('erase')}</h2>
      <p class="muted">{t('eraseHint')}</p>
      {owner ? (
        <form class="form" onSubmit={(e) => void submit(e)}>
          <fieldset>
            <legend>{t('what')}</legend>
            {(['range', 'site_data', 'site'] as const).map((w) => (
              <label key={w} class="check">
                <input
                  type="radio"
                  name="erase-what"
                  checked={what === w}
                  onChange={() => setWhat(w)}
                />
                {t(w === 'site_data' ? 'siteData' : w)}
              </label>
            ))}
          </fieldset>
          {what === 'range' && (
            <>
              <label>
                {t('from')}
                <input
                  type="date"
                  required
                  value={from}
                  max={to}
                  onInput={(e) => setFrom(e.currentTarget.value)}
                />
              </label>
              <label>
                {t('to')}
                <input
                  type="date"
                  required
                  value={to}
                  min={from}
                  onInput={(e) => setTo(e.currentTarget.value)}
                />
              </label>
            </>
          )}
          <ReauthFields
            labels={{ password: t('password'), code: t('code') }}
            password={password}
            code={code}
            onPassword={setPassword}
            onCode={setCode}
          />
          <SaveStatus error={save.error} saved={save.saved} />
          <div class="actions">
            <button type="submit" class="btn btn-danger" disabled={save.busy}>
              {t('schedule')}
            </button>
          </div>
        </form>
      ) : (
        <p class="muted">{t('ownerOnly')}</p>
      )}
      <h3>{t('scheduled')}</h3>
      {list.status === 'loading' && !list.data && <Loading />}
      {list.status === 'error' && <ErrorNote error={list.error} retry={list.reload} />}
      {list.data && list.data.deletions.length === 0 && <p class="muted">{t('none')}</p>}
      {list.data && list.data.deletions.length > 0 && (
        <ul class="item-list" data-deletions>
          {list.data.deletions.map((d) => (
            <li key={d.id}>
              <span>
                {describe(d)} — {t(`status_${d.status}` as Key)}
                {d.status === 'scheduled' && `, ${t('dueOn', { date: day(d.dueAt) })}`}
              </span>
              {d.status === 'scheduled' && owner && (
                <button
                  type="button"
                  class="btn btn-small"
                  onClick={() => void save.run(() => cancelDeletion(site.domain, d.id)).then(after)}
                >
                  {t('cancel')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
