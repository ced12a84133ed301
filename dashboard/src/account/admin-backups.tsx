import { useState } from 'preact/hooks'
import { getLocale, useT } from '../i18n'
import { useAsync } from '../lib/use-async'
import { Empty, ErrorNote, Loading } from '../components/states'
import { useSave } from '../screens/settings/save-state'
import { backupsApi, type BackupInfo } from './api'
import { formatWhen } from './shared'

const dict = {
  en: {
    title: 'Backups',
    hint: 'A backup holds the whole database and the instance key, in {dir} on the server. Copy backups to another machine as well. To restore one, stop the server, point DATA_DIR at an empty directory and run:',
    external:
      'This Spur stores its data in a ClickHouse server; back it up with that server’s own BACKUP configuration.',
    create: 'Back up now',
    busy: 'Backing up…',
    none: 'No backups yet.',
    name: 'Backup',
    created: 'Created',
    tables: 'Tables',
    rows: 'Rows',
    key: 'Instance key',
    yes: 'included',
    no: 'missing',
    made: 'Backup {name} is done.',
  },
  de: {
    title: 'Sicherungen',
    hint: 'Eine Sicherung enthält die ganze Datenbank und den Instanzschlüssel, in {dir} auf dem Server. Kopieren Sie Sicherungen auch auf einen anderen Rechner. Zum Wiederherstellen den Server stoppen, DATA_DIR auf ein leeres Verzeichnis setzen und ausführen:',
    external:
      'Diese Spur-Instanz speichert ihre Daten in einem ClickHouse-Server; sichern Sie ihn mit dessen eigener BACKUP-Konfiguration.',
    create: 'Jetzt sichern',
    busy: 'Sicherung läuft …',
    none: 'Noch keine Sicherungen.',
    name: 'Sicherung',
    created: 'Erstellt',
    tables: 'Tabellen',
    rows: 'Zeilen',
    key: 'Instanzschlüssel',
    yes: 'enthalten',
    no: 'fehlt',
    made: 'Sicherung {name} ist fertig.',
  },
}

const rowCount = (b: BackupInfo) => b.manifest.tables.reduce((sum, table) => sum + table.rows, 0)

// The table borrows .funnel, the stylesheet's plain data-table look (.list is for grids).
/** Instance backups (embedded database only): the list, newest first, and "back up now". */
export function AdminBackups() {
  const t = useT(dict)
  const list = useAsync(() => backupsApi.list(), 'backups')
  const save = useSave()
  const [made, setMade] = useState('')
  const create = () =>
    void save.run(async () => {
      setMade('')
      const { backup } = await backupsApi.create()
      setMade(backup.name)
      list.reload(true)
    })
  return (
    <section class="card" aria-labelledby="backups-title" data-backups>
      <h2 id="backups-title">{t('title')}</h2>
      {list.status === 'loading' && !list.data && <Loading />}
      {list.status === 'error' && <ErrorNote error={list.error} retry={() => list.reload()} />}
      {list.data && list.data.dir === null && <p class="muted">{t('external')}</p>}
      {list.data?.dir && (
        <>
          <p class="muted">
            {t('hint', { dir: list.data.dir })}{' '}
            <code>npm run spur -- restore {list.data.dir}/…</code>
          </p>
          <div class="actions">
            <button type="button" class="btn btn-primary" disabled={save.busy} onClick={create}>
              {save.busy ? t('busy') : t('create')}
            </button>
          </div>
          <p class={save.error ? 'error-text' : 'ok-text'} role="status">
            {save.error ? save.error.message : made ? t('made', { name: made }) : ''}
          </p>
          {list.data.backups.length === 0 ? (
            <Empty>{t('none')}</Empty>
          ) : (
            // Nothing in it takes focus, so the region does: a keyboard can scroll it on a phone.
            <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="backups-title">
              <table class="data-table">
                <thead>
                  <tr>
                    <th scope="col">{t('name')}</th>
                    <th scope="col">{t('created')}</th>
                    <th scope="col" class="num">
                      {t('tables')}
                    </th>
                    <th scope="col" class="num">
                      {t('rows')}
                    </th>
                    <th scope="col">{t('key')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.backups.map((b) => (
                    <tr key={b.name}>
                      <td>
                        <code>{b.name}</code>
                      </td>
                      <td class="when">{formatWhen(b.manifest.createdAt)}</td>
                      <td class="num">{b.manifest.tables.length}</td>
                      <td class="num">
                        {rowCount(b).toLocaleString(getLocale() === 'de' ? 'de-DE' : 'en-GB')}
                      </td>
                      <td>{b.manifest.secretKey ? t('yes') : t('no')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  )
}
