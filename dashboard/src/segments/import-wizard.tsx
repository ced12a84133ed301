import { useState } from 'preact/hooks'
import { ApiError } from '../api'
import { formatNumber, useT } from '../i18n'
import {
  commitImport,
  discardImport,
  downloadUrl,
  reviewImport,
  uploadCsv,
  type ImportSettings,
  type Role,
} from './api'
import { formatMoney } from './format'
import { wizardDict } from './import-wizard-dict'
import { ReviewStep, SampleTable, type Step } from './review-step'

const ROLES: Role[] = [
  'customerId',
  'company',
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'postcode',
  'revenue',
  'tags',
]

/** Upload → map columns → review bad rows and duplicates → segment → download once. */
export function ImportWizard({
  domain,
  settings,
  imported,
}: {
  domain: string
  settings: ImportSettings
  imported: () => void
}) {
  const t = useT(wizardDict)
  const [step, setStep] = useState<Step>({ kind: 'choose' })
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const run = async (work: () => Promise<void>) => {
    setBusy(true)
    setError('')
    try {
      await work()
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }
  const cancel = (id: string) =>
    run(async () => {
      await discardImport(domain, id)
      setStep({ kind: 'choose' })
    })

  return (
    <section class="card" aria-labelledby="seg-import">
      <h2 id="seg-import">{t('title')}</h2>
      <p class="muted">{t('privacy')}</p>
      {step.kind === 'choose' && (
        <label class="field-inline">
          {t('file')}
          <input
            type="file"
            accept=".csv,.txt,text/csv"
            disabled={busy}
            data-testid="csv-file"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0]
              if (file)
                void run(async () => {
                  const preview = await uploadCsv(domain, file)
                  setStep({
                    kind: 'map',
                    preview,
                    mapping: preview.mapping,
                    region: preview.settings.phoneRegion,
                  })
                })
            }}
          />
        </label>
      )}
      {step.kind === 'map' && (
        <form
          class="form"
          onSubmit={(e) => {
            e.preventDefault()
            void run(async () => {
              const review = await reviewImport(
                domain,
                step.preview.importId,
                step.mapping,
                step.region,
              )
              setStep({
                kind: 'review',
                preview: step.preview,
                review,
                merge: new Set(review.groups.map((g) => g.id)),
                options: { ...settings, phoneRegion: step.region },
              })
            })
          }}
        >
          <p data-testid="preview-summary">
            {t('read', {
              rows: formatNumber(step.preview.rows),
              encoding: step.preview.encoding,
              delimiter: step.preview.delimiter === '\t' ? 'Tab' : step.preview.delimiter,
            })}
          </p>
          <div class="actions">
            {t('presets')}:{' '}
            {Object.entries(step.preview.presets)
              .filter(([, m]) => Object.keys(m).length > 0)
              .map(([name, m]) => (
                <button
                  key={name}
                  type="button"
                  class="btn btn-small"
                  onClick={() => setStep({ ...step, mapping: m })}
                >
                  {name}
                </button>
              ))}
          </div>
          {ROLES.map((role) => (
            <label key={role}>
              {t(role)}
              <select
                data-role={role}
                value={step.mapping[role] ?? ''}
                onChange={(e) => {
                  const value = e.currentTarget.value
                  const mapping = { ...step.mapping }
                  if (value) mapping[role] = value
                  else delete mapping[role]
                  setStep({ ...step, mapping })
                }}
              >
                <option value="">{t('unused')}</option>
                {step.preview.columns.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
          ))}
          <label>
            {t('region')}
            <input
              value={step.region}
              maxLength={2}
              pattern="[A-Z]{2}"
              onInput={(e) => setStep({ ...step, region: e.currentTarget.value.toUpperCase() })}
            />
          </label>
          <SampleTable columns={step.preview.columns} rows={step.preview.sample} />
          <div class="actions">
            <button
              type="submit"
              class="btn btn-primary"
              disabled={busy || (!step.mapping.revenue && !step.mapping.tags)}
            >
              {t('check')}
            </button>
            <button type="button" class="btn" onClick={() => void cancel(step.preview.importId)}>
              {t('cancel')}
            </button>
          </div>
        </form>
      )}
      {step.kind === 'review' && (
        <ReviewStep
          step={step}
          busy={busy}
          setStep={setStep}
          cancel={() => void cancel(step.preview.importId)}
          commit={() =>
            void run(async () => {
              const result = await commitImport(domain, step.preview.importId, {
                merge: [...step.merge],
                thresholds: step.options.thresholds,
                clusterMin: step.options.clusterMin,
                keepHashedKeys: step.options.keepHashedKeys,
              })
              setStep({ kind: 'done', result, downloaded: false })
              imported()
            })
          }
        />
      )}
      {step.kind === 'done' && (
        <div data-testid="import-done">
          <p>
            {t('done', {
              customers: formatNumber(step.result.customers),
              bad: formatNumber(step.result.badRows),
              merged: formatNumber(step.result.merged),
              revenue: formatMoney(step.result.revenueCents),
            })}
          </p>
          {step.result.movement && <p>{t('movement', { ...step.result.movement })}</p>}
          {step.downloaded ? (
            <p class="muted">{t('downloaded')}</p>
          ) : (
            <p>
              <a
                class="btn btn-primary"
                href={downloadUrl(domain, step.result.downloadId)}
                download
                onClick={() => setStep({ ...step, downloaded: true })}
              >
                {t('download')}
              </a>{' '}
              <span class="muted">{t('downloadOnce')}</span>
            </p>
          )}
          <button type="button" class="btn" onClick={() => setStep({ kind: 'choose' })}>
            {t('another')}
          </button>
        </div>
      )}
      {error && (
        <p class="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}
