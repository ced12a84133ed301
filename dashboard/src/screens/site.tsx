import { SegmentsScreen } from '../features'
import { SiteDashboard } from '../components/site-dashboard'
import { ErrorNote, Loading } from '../components/states'
import { useT } from '../i18n'
import { getSite } from '../lib/account-api'
import { useAsync } from '../lib/use-async'
import { linkClick } from '../router'
import type { SiteRef } from '../site-ref'
import { SettingsScreen } from './settings'

const dict = {
  en: { dashboard: 'Dashboard', segments: 'Segments', settings: 'Settings', nav: 'Site' },
  de: { dashboard: 'Dashboard', segments: 'Segmente', settings: 'Einstellungen', nav: 'Website' },
}

/** One site: its dashboard, CRM segments and settings, under /sites/:domain[/tab]. */
export function SiteScreen({ domain, tab }: { domain: string; tab: string }) {
  const t = useT(dict)
  const res = useAsync(() => getSite(domain), `site:${domain}`)
  if (res.status === 'error')
    return (
      <main id="main" class="page">
        <ErrorNote error={res.error} retry={res.reload} />
      </main>
    )
  if (!res.data) return <Loading />
  const site = res.data.site
  const ref: SiteRef = { domain: site.domain, timezone: site.timezone, role: site.role }
  const base = `/sites/${encodeURIComponent(site.domain)}`
  const link = (path: string, id: string, label: string) => (
    <a href={base + path} onClick={linkClick} aria-current={tab === id ? 'page' : undefined}>
      {label}
    </a>
  )
  return (
    <main id="main" class="page">
      <div class="page-head site-head">
        <h1>{site.domain}</h1>
        <nav aria-label={t('nav')} class="sub-nav">
          {link('', '', t('dashboard'))}
          {link('/segments', 'segments', t('segments'))}
          {site.role !== 'viewer' && link('/settings', 'settings', t('settings'))}
        </nav>
      </div>
      {tab === '' && <SiteDashboard site={ref} basePath={base} />}
      {tab === 'segments' && <SegmentsScreen site={ref} />}
      {tab === 'settings' && <SettingsScreen site={site} onChange={() => res.reload(true)} />}
    </main>
  )
}
