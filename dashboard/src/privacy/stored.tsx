import { formatNumber, useLocale, useT } from '../i18n'
import { useAsync } from '../lib/use-async'
import { ErrorNote, Loading } from '../components/states'
import type { SiteRef } from '../site-ref'
import { getStored, type StoredTable } from './api'
import { dict } from './dict'

const show = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v))

/** "What Spur stores": every table with the site's rows, its columns, one real row. */
export function StoredSection({ site }: { site: SiteRef }) {
  const t = useT(dict)
  const locale = useLocale()
  const state = useAsync(() => getStored(site.domain), site.domain)
  return (
    <section class="card stack" aria-labelledby="privacy-stored">
      <h2 id="privacy-stored">{t('stored')}</h2>
      <p class="muted">{t('storedHint')}</p>
      {state.status === 'loading' && !state.data && <Loading />}
      {state.status === 'error' && <ErrorNote error={state.error} retry={state.reload} />}
      {state.data && (
        <>
          {state.data.tables.map((table) => (
            <Table
              key={table.name}
              table={table}
              rowsLabel={
                table.rows === 1 ? t('row1') : t('rows', { n: formatNumber(table.rows, locale) })
              }
            />
          ))}
          <h3>{t('never')}</h3>
          <ul data-never-stored>
            {state.data.neverStored[locale].map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}

function Table({ table, rowsLabel }: { table: StoredTable; rowsLabel: string }) {
  const t = useT(dict)
  return (
    <details data-table={table.name}>
      <summary>
        <strong>{table.name}</strong> — {rowsLabel},{' '}
        {table.timeColumn ? t('kept', { col: table.timeColumn }) : t('config')}
      </summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('column')}</th>
            <th scope="col">{t('type')}</th>
            <th scope="col">{t('example')}</th>
          </tr>
        </thead>
        <tbody>
          {table.columns.map((c) => (
            <tr key={c.name}>
              <th scope="row">
                <code>{c.name}</code>
              </th>
              <td>
                <code>{c.type}</code>
              </td>
              <td>{show(table.example?.[c.name])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  )
}
