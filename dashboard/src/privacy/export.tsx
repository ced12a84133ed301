import { useState } from 'preact/hooks'
import { useT } from '../i18n'
import { addDays, todayIn } from '../lib/dates'
import type { SiteRef } from '../site-ref'
import { exportUrl } from './api'
import { dict } from './dict'

/** Raw export: a plain download link, so the browser streams the file to disk. */
export function ExportSection({ site }: { site: SiteRef }) {
  const t = useT(dict)
  const today = todayIn(site.timezone)
  const [table, setTable] = useState<'events' | 'sessions'>('events')
  const [format, setFormat] = useState<'csv' | 'parquet'>('csv')
  const [from, setFrom] = useState(addDays(today, -29))
  const [to, setTo] = useState(today)
  const valid = from !== '' && to !== '' && from <= to
  return (
    <section class="card stack" aria-labelledby="privacy-export">
      <h2 id="privacy-export">{t('export')}</h2>
      <p class="muted">{t('exportHint')}</p>
      <div class="form">
        <label>
          {t('table')}
          <select
            value={table}
            onChange={(e) => setTable(e.currentTarget.value === 'sessions' ? 'sessions' : 'events')}
          >
            <option value="events">{t('events')}</option>
            <option value="sessions">{t('sessions')}</option>
          </select>
        </label>
        <label>
          {t('format')}
          <select
            value={format}
            onChange={(e) => setFormat(e.currentTarget.value === 'parquet' ? 'parquet' : 'csv')}
          >
            <option value="csv">CSV</option>
            <option value="parquet">Parquet</option>
          </select>
        </label>
        <label>
          {t('from')}
          <input
            type="date"
            value={from}
            max={to}
            onInput={(e) => setFrom(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('to')}
          <input type="date" value={to} min={from} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <div class="actions">
          <a
            class="btn btn-primary"
            data-export-raw
            href={valid ? exportUrl(site.domain, { table, format, from, to }) : undefined}
            aria-disabled={!valid}
            download
          >
            {t('download')}
          </a>
        </div>
      </div>
      <p class="muted">{t('reportsHint', { domain: site.domain })}</p>
    </section>
  )
}
