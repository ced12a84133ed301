import { formatNumber, useT } from '../i18n'
import type { CommitResult, ImportSettings, Mapping, Preview, Review } from './api'
import { formatMoney } from './format'
import { wizardDict } from './import-wizard-dict'

/** Where the import wizard stands. */
export type Step =
  | { kind: 'choose' }
  | { kind: 'map'; preview: Preview; mapping: Mapping; region: string }
  | {
      kind: 'review'
      preview: Preview
      review: Review
      merge: Set<string>
      options: ImportSettings
    }
  | { kind: 'done'; result: CommitResult; downloaded: boolean }

/** The first rows of the upload, as read. */
export function SampleTable({ columns, rows }: { columns: string[]; rows: string[][] }) {
  return (
    <div class="table-scroll">
      <table class="seg-table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** Bad rows, duplicate groups to merge, and the segmentation options. */
export function ReviewStep(props: {
  step: Extract<Step, { kind: 'review' }>
  busy: boolean
  setStep: (s: Step) => void
  cancel: () => void
  commit: () => void
}) {
  const t = useT(wizardDict)
  const { step } = props
  const options = (patch: Partial<ImportSettings>) =>
    props.setStep({ ...step, options: { ...step.options, ...patch } })
  const thresholds = (patch: Partial<ImportSettings['thresholds']>) =>
    options({ thresholds: { ...step.options.thresholds, ...patch } })
  return (
    <div>
      <p data-testid="review-summary">
        {t('reviewed', {
          customers: formatNumber(step.review.customers),
          bad: formatNumber(step.review.bad.length),
          groups: formatNumber(step.review.groups.length),
        })}
      </p>
      {step.review.bad.length > 0 && (
        <details open={step.review.bad.length <= 20}>
          <summary>{t('badRows')}</summary>
          <ul data-testid="bad-rows">
            {step.review.bad.map((b) => (
              <li key={b.line}>{t('badRow', { line: b.line, reason: b.reason })}</li>
            ))}
          </ul>
        </details>
      )}
      {step.review.groups.length > 0 && (
        <fieldset>
          <legend>{t('duplicates')}</legend>
          {step.review.groups.map((g) => (
            <div key={g.id} class="card" data-testid="duplicate-group">
              <label class="check">
                <input
                  type="checkbox"
                  checked={step.merge.has(g.id)}
                  onChange={(e) => {
                    const merge = new Set(step.merge)
                    if (e.currentTarget.checked) merge.add(g.id)
                    else merge.delete(g.id)
                    props.setStep({ ...step, merge })
                  }}
                />
                {t('mergeGroup', {
                  reasons: g.reasons.map((r) => t(`reason:${r}` as 'reason:e-mail')).join(', '),
                })}
              </label>
              <ul>
                {g.members.map((m) => (
                  <li key={m.line}>
                    {t('line', { line: m.line })}:{' '}
                    {[m.customerId, m.company, m.name, m.email, m.postcode]
                      .filter(Boolean)
                      .join(' · ')}{' '}
                    — {formatMoney(m.revenueCents)}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </fieldset>
      )}
      <fieldset class="form">
        <legend>{t('segmentation')}</legend>
        <label>
          {t('aUpTo')}
          <input
            type="number"
            min={1}
            max={98}
            step={0.1}
            value={step.options.thresholds.a}
            onInput={(e) => thresholds({ a: Number(e.currentTarget.value) })}
          />
        </label>
        <label>
          {t('bUpTo')}
          <input
            type="number"
            min={2}
            max={99}
            step={0.1}
            value={step.options.thresholds.b}
            onInput={(e) => thresholds({ b: Number(e.currentTarget.value) })}
          />
        </label>
        <label>
          {t('clusterMin')}
          <input
            type="number"
            min={1}
            max={10000}
            value={step.options.clusterMin}
            onInput={(e) => options({ clusterMin: Number(e.currentTarget.value) })}
          />
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={step.options.keepHashedKeys}
            onChange={(e) => options({ keepHashedKeys: e.currentTarget.checked })}
          />
          {t('keepKeys')}
        </label>
      </fieldset>
      <div class="actions">
        <button
          type="button"
          class="btn btn-primary"
          disabled={props.busy}
          onClick={props.commit}
          data-testid="commit"
        >
          {t('commit')}
        </button>
        <button type="button" class="btn" onClick={props.cancel}>
          {t('cancel')}
        </button>
      </div>
    </div>
  )
}
