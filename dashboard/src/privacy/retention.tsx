import { useState } from 'preact/hooks'
import { useLocale, useT } from '../i18n'
import { useAsync } from '../lib/use-async'
import { Loading, ErrorNote } from '../components/states'
import { SaveStatus, useSave } from '../screens/settings/save-state'
import type { SiteRef } from '../site-ref'
import { cancelDeletion, getRetention, saveSettings, scheduleDeletion } from './api'
import { dict } from './dict'
import { formatDay, ReauthFields } from './shared'

/**
 * Retention: the limit in force, what it removes next, and changing it. Longer is a plain
 * setting; shorter deletes data and so goes through the scheduled, cancellable deletion.
 */
export function RetentionSection({ site }: { site: SiteRef }) {
  const t = useT(dict)
  const locale = useLocale()
  const state = useAsync(() => getRetention(site.domain), site.domain)
  const [months, setMonths] = useState<number | undefined>()
  const [password, setPassword] = useState('')
  const [code, setCode] = useState('')
  const save = useSave()
  if (state.status === 'loading' && !state.data) return <Loading />
  if (state.status === 'error') return <ErrorNote error={state.error} retry={state.reload} />
  const r = state.data
  if (!r) return null
  const wanted = months ?? r.retentionMonths
  const day = (ms: number) => formatDay(ms, site.timezone, locale)
  const done = (ok: boolean) => {
    if (!ok) return
    setPassword('')
    setCode('')
    state.reload(true)
  }

  const submit = async (e: Event) => {
    e.preventDefault()
    if (wanted > r.retentionMonths)
      done(await save.run(() => saveSettings(site.domain, { retentionMonths: wanted })))
    else if (wanted < r.retentionMonths)
      done(
        await save.run(() =>
          scheduleDeletion(site.domain, {
            kind: 'retention',
            retentionMonths: wanted,
            password,
            ...(code && { code }),
          }),
        ),
      )
  }

  return (
    <section class="card stack" aria-labelledby="privacy-retention">
      <h2 id="privacy-retention">{t('retention')}</h2>
      <p>{t('retentionNow', { n: r.retentionMonths })}</p>
      <p class="muted">
        {t('cutoff', { date: day(r.cutoff) })}{' '}
        {r.oldestEvent === null ? t('noData') : t('oldest', { date: day(r.oldestEvent) })}
      </p>
      {r.pendingChange && (
        <p class="actions" data-pending-retention>
          <span>
            {t('pending', { n: r.pendingChange.retentionMonths, date: day(r.pendingChange.dueAt) })}
          </span>
          {site.role === 'owner' && (
            <button
              type="button"
              class="btn btn-small"
              onClick={() => {
                const id = r.pendingChange?.id ?? ''
                void save.run(() => cancelDeletion(site.domain, id)).then(done)
              }}
            >
              {t('cancel')}
            </button>
          )}
        </p>
      )}
      {site.role !== 'viewer' && (
        <form class="form" onSubmit={(e) => void submit(e)}>
          <label>
            {t('months')}
            <input
              type="number"
              min={1}
              max={120}
              required
              value={wanted}
              onInput={(e) => setMonths(Number(e.currentTarget.value))}
            />
          </label>
          {wanted < r.retentionMonths &&
            (site.role === 'owner' ? (
              <>
                <p class="muted">{t('shortenHint')}</p>
                <ReauthFields
                  labels={{ password: t('password'), code: t('code') }}
                  password={password}
                  code={code}
                  onPassword={setPassword}
                  onCode={setCode}
                />
              </>
            ) : (
              <p class="muted">{t('ownerOnly')}</p>
            ))}
          <SaveStatus error={save.error} saved={save.saved} />
          <div class="actions">
            <button
              type="submit"
              class={wanted < r.retentionMonths ? 'btn btn-danger' : 'btn btn-primary'}
              disabled={
                save.busy ||
                wanted === r.retentionMonths ||
                (wanted < r.retentionMonths && site.role !== 'owner')
              }
            >
              {wanted < r.retentionMonths ? t('shorten') : t('lengthen')}
            </button>
          </div>
        </form>
      )}
    </section>
  )
}
