import { ErrorNote, Loading } from '../components/states'
import { useT } from '../i18n'
import { useAsync } from '../lib/use-async'
import type { SiteRef } from '../site-ref'
import { getSegments } from './api'
import { ImportWizard } from './import-wizard'
import { LinkingCard } from './linking'
import { ParetoCard } from './pareto'
import { SegmentReports } from './reports'
import { SegmentList } from './segment-list'
import './segments.css'

const dict = {
  en: {
    title: 'CRM segments',
    intro:
      'See how your customer groups use the site — A, B and C customers by revenue, interest groups from tags — without any customer identity reaching the analytics.',
  },
  de: {
    title: 'CRM-Segmente',
    intro:
      'Sehen Sie, wie Ihre Kundengruppen die Website nutzen – A-, B- und C-Kunden nach Umsatz, Interessengruppen aus Tags –, ohne dass eine Kundenidentität in die Statistik gelangt.',
  },
}

/** Route /sites/:domain/segments: import, ABC analysis, campaign links, segment reports. */
export function SegmentsScreen({ site }: { site: SiteRef }) {
  const t = useT(dict)
  const res = useAsync(() => getSegments(site.domain), `segments:${site.domain}`)
  const admin = site.role !== 'viewer'
  if (res.status === 'error' && !res.data) return <ErrorNote error={res.error} retry={res.reload} />
  if (!res.data) return <Loading />
  const data = res.data
  const abc = data.segments.filter((s) => s.kind === 'abc')
  const imported = abc.some((s) => s.importedAt > 0)
  const reload = () => res.reload(true)
  return (
    <div class="stack segments-screen">
      <h2 class="sr-only">{t('title')}</h2>
      <p class="muted">{t('intro')}</p>
      <LinkingCard
        domain={site.domain}
        enabled={data.enabled}
        admin={admin}
        k={data.kAnonymity}
        changed={reload}
      />
      {imported && <ParetoCard abc={abc} thresholds={data.settings.thresholds} />}
      <SegmentList
        domain={site.domain}
        param={data.param}
        segments={data.segments}
        admin={admin}
        changed={reload}
      />
      {data.segments.length > 0 && (
        <SegmentReports domain={site.domain} segments={data.segments} k={data.kAnonymity} />
      )}
      {admin && <ImportWizard domain={site.domain} settings={data.settings} imported={reload} />}
    </div>
  )
}
