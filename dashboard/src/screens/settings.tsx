import { PrivacyPanel, SiteMembersPanel } from '../features'
import { useT } from '../i18n'
import type { Site } from '../lib/types'
import { linkClick, useLoc } from '../router'
import { FunnelSettings } from './settings/funnels'
import { GeneralSettings } from './settings/general'
import { GoalSettings } from './settings/goals'
import { SharingSettings } from './settings/sharing'
import { TrackingSettings } from './settings/tracking'

const TABS = ['general', 'tracking', 'goals', 'funnels', 'sharing', 'members', 'privacy'] as const
type Tab = (typeof TABS)[number]

const dict = {
  en: {
    nav: 'Settings sections',
    general: 'General',
    tracking: 'Tracking & snippet',
    goals: 'Goals',
    funnels: 'Funnels',
    sharing: 'Shared link',
    members: 'Members',
    privacy: 'Privacy',
  },
  de: {
    nav: 'Einstellungsbereiche',
    general: 'Allgemein',
    tracking: 'Erfassung & Snippet',
    goals: 'Ziele',
    funnels: 'Trichter',
    sharing: 'Geteilter Link',
    members: 'Mitglieder',
    privacy: 'Datenschutz',
  },
}

/** A site's settings, one section at a time (?tab=…). */
export function SettingsScreen({ site, onChange }: { site: Site; onChange: () => void }) {
  const t = useT(dict)
  const loc = useLoc()
  const tab: Tab = TABS.find((x) => x === loc.params.get('tab')) ?? 'general'
  const ref = { domain: site.domain, timezone: site.timezone, role: site.role }
  const base = `/sites/${encodeURIComponent(site.domain)}/settings`
  return (
    <div class="settings">
      <nav class="settings-nav" aria-label={t('nav')}>
        {TABS.map((x) => (
          <a
            key={x}
            href={x === 'general' ? base : `${base}?tab=${x}`}
            onClick={linkClick}
            aria-current={x === tab ? 'page' : undefined}
          >
            {t(x)}
          </a>
        ))}
      </nav>
      <div class="settings-body">
        {tab === 'general' && <GeneralSettings site={site} onChange={onChange} />}
        {tab === 'tracking' && <TrackingSettings site={site} onChange={onChange} />}
        {tab === 'goals' && <GoalSettings site={site} />}
        {tab === 'funnels' && <FunnelSettings site={site} />}
        {tab === 'sharing' && <SharingSettings site={site} onChange={onChange} />}
        {tab === 'members' && <SiteMembersPanel site={ref} />}
        {tab === 'privacy' && <PrivacyPanel site={ref} />}
      </div>
    </div>
  )
}
