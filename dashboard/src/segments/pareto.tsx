import { useEffect, useRef } from 'preact/hooks'
import { formatNumber, formatPercent, useLocale, useT } from '../i18n'
import type { Segment } from './api'
import { formatMoney, share } from './format'
import type { ParetoData } from './pareto-chart'

const dict = {
  en: {
    title: 'ABC analysis',
    class: 'Class',
    customers: 'Customers',
    customerShare: 'Share of customers',
    revenue: 'Revenue',
    revenueShare: 'Share of revenue',
    axisCustomers: 'Customers (cumulative)',
    axisRevenue: 'Revenue (cumulative)',
    even: 'Even spread',
    rule: 'A: the customers that make up the first {a} % of revenue, B: up to {b} %, C: the rest.',
  },
  de: {
    title: 'ABC-Analyse',
    class: 'Klasse',
    customers: 'Kunden',
    customerShare: 'Anteil Kunden',
    revenue: 'Umsatz',
    revenueShare: 'Anteil Umsatz',
    axisCustomers: 'Kunden (kumuliert)',
    axisRevenue: 'Umsatz (kumuliert)',
    even: 'Gleichverteilung',
    rule: 'A: die Kunden, die die ersten {a} % des Umsatzes bringen, B: bis {b} %, C: der Rest.',
  },
}

/** The cumulative points of the Pareto curve from the A/B/C aggregates. */
export function paretoData(abc: readonly Segment[]): ParetoData {
  const members = abc.reduce((s, x) => s + x.members, 0)
  const revenue = abc.reduce((s, x) => s + x.revenueCents, 0)
  const xs = [0]
  const ys = [0]
  let m = 0
  let r = 0
  for (const s of abc) {
    m += s.members
    r += s.revenueCents
    xs.push(members > 0 ? (m / members) * 100 : 0)
    ys.push(revenue > 0 ? (r / revenue) * 100 : 0)
  }
  return [xs, ys, xs.slice()]
}

/** Pareto chart with counts and revenue shares per class. */
export function ParetoCard({
  abc,
  thresholds,
}: {
  abc: Segment[]
  thresholds: { a: number; b: number }
}) {
  const t = useT(dict)
  const locale = useLocale()
  const host = useRef<HTMLDivElement>(null)
  const members = abc.reduce((s, x) => s + x.members, 0)
  const revenue = abc.reduce((s, x) => s + x.revenueCents, 0)
  const key = abc.map((s) => `${s.members}:${s.revenueCents}`).join('|')
  useEffect(() => {
    let remove: (() => void) | undefined
    let cancelled = false
    const el = host.current
    if (!el || members === 0) return
    import('./pareto-chart').then(
      ({ drawPareto }) => {
        if (!cancelled)
          remove = drawPareto(
            el,
            paretoData(abc),
            {
              customers: t('axisCustomers'),
              revenue: t('axisRevenue'),
              even: t('even'),
            },
            (v) => formatPercent(v, locale),
          )
      },
      () => undefined,
    )
    return () => {
      cancelled = true
      remove?.()
    }
    // Redraw when the aggregates or the language change.
  }, [key, locale])
  return (
    <section class="card" aria-labelledby="seg-abc">
      <h2 id="seg-abc">{t('title')}</h2>
      <p class="muted">{t('rule', { a: thresholds.a, b: thresholds.b })}</p>
      <div class="chart-host" ref={host} data-testid="pareto" />
      <table class="seg-table" data-testid="abc-table">
        <thead>
          <tr>
            <th scope="col">{t('class')}</th>
            <th scope="col" class="num">
              {t('customers')}
            </th>
            <th scope="col" class="num">
              {t('customerShare')}
            </th>
            <th scope="col" class="num">
              {t('revenue')}
            </th>
            <th scope="col" class="num">
              {t('revenueShare')}
            </th>
          </tr>
        </thead>
        <tbody>
          {abc.map((s) => (
            <tr key={s.id}>
              <th scope="row">{s.name}</th>
              <td class="num">{formatNumber(s.members)}</td>
              <td class="num">{share(s.members, members)}</td>
              <td class="num">{formatMoney(s.revenueCents)}</td>
              <td class="num">{share(s.revenueCents, revenue)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
