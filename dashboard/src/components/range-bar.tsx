import { useEffect, useState } from 'preact/hooks'
import { formatDate, useLocale, useT } from '../i18n'
import { todayIn } from '../lib/dates'
import { common } from '../lib/messages'
import { useSiteView } from '../lib/site-view'
import type { Comparison } from '../lib/stats-client'
import { PERIODS, type Period } from '../lib/view-state'

const dict = {
  en: {
    period: 'Period',
    from: 'From',
    to: 'To',
    apply: 'Apply',
    compare: 'Compare',
    none: 'No comparison',
    previous_period: 'Previous period',
    year_over_year: 'Year before',
  },
  de: {
    period: 'Zeitraum',
    from: 'Von',
    to: 'Bis',
    apply: 'Anwenden',
    compare: 'Vergleich',
    none: 'Kein Vergleich',
    previous_period: 'Vorheriger Zeitraum',
    year_over_year: 'Vorjahr',
  },
}

/** Period presets, a custom range and the comparison choice. */
export function RangeBar() {
  const sv = useSiteView()
  const locale = useLocale()
  const t = useT(common)
  const tt = useT(dict)
  const today = todayIn(sv.site.timezone)
  const range = sv.range
  const [from, setFrom] = useState(Array.isArray(range) ? range[0] : today)
  const [to, setTo] = useState(Array.isArray(range) ? range[1] : today)
  const [custom, setCustom] = useState(sv.view.period === 'custom')
  // Back/Forward (or a link) changes the view under this bar: show that view's period and dates.
  useEffect(() => {
    setCustom(sv.view.period === 'custom')
    setFrom(Array.isArray(range) ? range[0] : today)
    setTo(Array.isArray(range) ? range[1] : today)
  }, [sv.view.period, sv.view.from, sv.view.to])

  const pick = (p: Period) => {
    if (p === 'custom') {
      setCustom(true)
      return
    }
    setCustom(false)
    sv.setView({ ...sv.view, period: p, interval: undefined })
  }

  return (
    <div class="range-bar">
      <label class="field-inline">
        <span class="sr-only">{tt('period')}</span>
        <select
          value={custom ? 'custom' : sv.view.period}
          data-control="period"
          onChange={(e) => pick(e.currentTarget.value as Period)}
        >
          {PERIODS.map((p) => (
            <option key={p} value={p}>
              {t(p)}
            </option>
          ))}
        </select>
      </label>
      {custom && (
        <form
          class="custom-range"
          onSubmit={(e) => {
            e.preventDefault()
            if (from && to && from <= to)
              sv.setView({ ...sv.view, period: 'custom', from, to, interval: undefined })
          }}
        >
          <label>
            {tt('from')}
            <input
              type="date"
              value={from}
              max={today}
              onInput={(e) => setFrom(e.currentTarget.value)}
            />
          </label>
          <label>
            {tt('to')}
            <input
              type="date"
              value={to}
              max={today}
              onInput={(e) => setTo(e.currentTarget.value)}
            />
          </label>
          <button type="submit" class="btn btn-small btn-primary">
            {tt('apply')}
          </button>
        </form>
      )}
      {sv.view.period !== 'realtime' && (
        <label class="field-inline">
          <span class="sr-only">{tt('compare')}</span>
          <select
            value={sv.view.compare ?? ''}
            data-control="compare"
            onChange={(e) => {
              const v = e.currentTarget.value
              sv.setView({
                ...sv.view,
                compare: v === '' ? undefined : (v as Comparison),
              })
            }}
          >
            <option value="">{tt('none')}</option>
            <option value="previous_period">{tt('previous_period')}</option>
            <option value="year_over_year">{tt('year_over_year')}</option>
          </select>
        </label>
      )}
      {Array.isArray(range) && (
        <span class="range-text" data-range={range.join('/')}>
          {range[0] === range[1]
            ? formatDate(range[0], locale)
            : `${formatDate(range[0], locale)} – ${formatDate(range[1], locale)}`}
        </span>
      )}
    </div>
  )
}
