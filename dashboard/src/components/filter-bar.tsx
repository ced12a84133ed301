import { useState } from 'preact/hooks'
import { useLocale, useT } from '../i18n'
import { countryName, dimensionLabel, FILTER_DIMENSIONS } from '../lib/panels'
import { baseQuery, useSiteView, viewKey } from '../lib/site-view'
import { queryStats, type FilterOp } from '../lib/stats-client'
import { useAsync } from '../lib/use-async'
import { withoutFilter } from '../lib/view-state'

const dict = {
  en: {
    filters: 'Filters',
    add: 'Add filter',
    remove: 'Remove filter {f}',
    clear: 'Clear all',
    is: 'is',
    is_not: 'is not',
    contains: 'contains',
    contains_not: 'does not contain',
    dimension: 'Property',
    op: 'Condition',
    value: 'Value',
    valueHint: 'Several values: separate with |',
    apply: 'Apply filter',
    cancel: 'Cancel',
    or: 'or',
  },
  de: {
    filters: 'Filter',
    add: 'Filter hinzufügen',
    remove: 'Filter {f} entfernen',
    clear: 'Alle entfernen',
    is: 'ist',
    is_not: 'ist nicht',
    contains: 'enthält',
    contains_not: 'enthält nicht',
    dimension: 'Merkmal',
    op: 'Bedingung',
    value: 'Wert',
    valueHint: 'Mehrere Werte: mit | trennen',
    apply: 'Filter anwenden',
    cancel: 'Abbrechen',
    or: 'oder',
  },
}

const OPS: FilterOp[] = ['is', 'is_not', 'contains', 'contains_not']

/** The active filters as removable chips, and a form to add one. */
export function FilterBar() {
  const sv = useSiteView()
  const locale = useLocale()
  const t = useT(dict)
  const [open, setOpen] = useState(false)
  const [dim, setDim] = useState('visit:source')
  const [op, setOp] = useState<FilterOp>('is')
  const [value, setValue] = useState('')
  const filters = sv.view.filters
  // The dimension's most common values in this view, offered as suggestions while typing.
  const suggestions = useAsync(
    () =>
      open
        ? queryStats({
            ...baseQuery(sv),
            metrics: ['visitors'],
            dimensions: [dim],
            order_by: [['visitors', 'desc']],
            pagination: { limit: 25 },
          })
        : Promise.resolve(undefined),
    viewKey(sv, 'suggest', dim, String(open)),
  )
  const show = (d: string, v: string) => (d === 'visit:country' ? countryName(v, locale) : v)

  const submit = (e: Event) => {
    e.preventDefault()
    const values = value
      .split('|')
      .map((v) => v.trim())
      .filter(Boolean)
    if (values.length === 0) return
    sv.setView({ ...sv.view, filters: [...filters, [op, dim, values]] })
    setValue('')
    setOpen(false)
  }

  return (
    <div class="filter-bar" role="region" aria-label={t('filters')}>
      <ul class="chips">
        {filters.map(([fop, fdim, values], i) => {
          const text = `${dimensionLabel(fdim, locale)} ${t(fop)} ${values.map((v) => show(fdim, v)).join(` ${t('or')} `)}`
          return (
            <li key={`${fop}${fdim}${values.join('|')}`} class="chip" data-filter={fdim}>
              <span>{text}</span>
              <button
                type="button"
                aria-label={t('remove', { f: text })}
                onClick={() => sv.setView(withoutFilter(sv.view, i))}
              >
                ×
              </button>
            </li>
          )
        })}
      </ul>
      {filters.length > 1 && (
        <button
          type="button"
          class="btn btn-link"
          onClick={() => sv.setView({ ...sv.view, filters: [] })}
        >
          {t('clear')}
        </button>
      )}
      {!open && (
        <button type="button" class="btn btn-small" onClick={() => setOpen(true)}>
          + {t('add')}
        </button>
      )}
      {open && (
        <form class="filter-form" onSubmit={submit}>
          <label>
            {t('dimension')}
            <select value={dim} onChange={(e) => setDim(e.currentTarget.value)}>
              {FILTER_DIMENSIONS.map(([d, label]) => (
                <option key={d} value={d}>
                  {label[locale]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('op')}
            <select value={op} onChange={(e) => setOp(e.currentTarget.value as FilterOp)}>
              {OPS.map((o) => (
                <option key={o} value={o}>
                  {t(o)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('value')}
            <input
              value={value}
              required
              list="filter-suggestions"
              title={t('valueHint')}
              onInput={(e) => setValue(e.currentTarget.value)}
            />
            <datalist id="filter-suggestions">
              {suggestions.data?.results.map((r) => (
                <option key={r.dimensions[0]} value={r.dimensions[0]}>
                  {show(dim, r.dimensions[0] ?? '')}
                </option>
              ))}
            </datalist>
          </label>
          <button type="submit" class="btn btn-primary btn-small">
            {t('apply')}
          </button>
          <button type="button" class="btn btn-small" onClick={() => setOpen(false)}>
            {t('cancel')}
          </button>
        </form>
      )}
    </div>
  )
}
