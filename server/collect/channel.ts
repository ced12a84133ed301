import type { SourceKind } from './referrer-sources'

export type Channel =
  | 'Direct'
  | 'Cross-network'
  | 'Paid Shopping'
  | 'Paid Search'
  | 'Paid Social'
  | 'Paid Video'
  | 'Display'
  | 'Paid Other'
  | 'Organic Shopping'
  | 'Organic Social'
  | 'Organic Video'
  | 'Organic Search'
  | 'Referral'
  | 'Email'
  | 'Affiliates'
  | 'Audio'
  | 'SMS'
  | 'Mobile Push Notifications'
  | 'Unassigned'

export interface ChannelInput {
  source: string
  kind: SourceKind | undefined
  utmMedium: string
  utmCampaign: string
  clickIdParam: string
  /** A referring page was sent (a source name may come from utm_source alone). */
  hasReferrer: boolean
  hasUtmSource: boolean
}

const PAID_MEDIUM = /^(.*cp.*|ppc|retargeting|paid.*)$/
const SHOP_CAMPAIGN = /^(.*(([^a-df-z]|^)shop|shopping).*)$/
const SOCIAL_MEDIUM = /^(social|social-network|social-media|sm|social network|social media)$/
const EMAIL = /^(email|e-mail|e_mail|e mail|newsletter)$/
const SEARCH_CLICK_IDS = new Set(['gclid', 'gbraid', 'wbraid', 'msclkid', 'dclid', 'yclid'])
const SOCIAL_CLICK_IDS = new Set(['ttclid', 'twclid', 'li_fat_id', 'epik', 'rdt_cid', 'sccid'])

/**
 * The marketing channel of a visit, after Google Analytics 4's default channel group rules
 * (evaluated in GA4's order), as Plausible applies them. A search click id (gclid, msclkid)
 * marks paid search even without utm_medium, since ad platforms add it and nothing else.
 */
export function getChannel(i: ChannelInput): Channel {
  const medium = i.utmMedium.toLowerCase()
  const campaign = i.utmCampaign.toLowerCase()
  const source = i.source.toLowerCase()
  const paid = PAID_MEDIUM.test(medium)
  if (!i.source && !medium && !campaign && !i.clickIdParam) return 'Direct'
  if (campaign.includes('cross-network')) return 'Cross-network'
  const shopping = i.kind === 'shopping' || SHOP_CAMPAIGN.test(campaign)
  if (shopping && paid) return 'Paid Shopping'
  if ((i.kind === 'search' && paid) || SEARCH_CLICK_IDS.has(i.clickIdParam)) return 'Paid Search'
  if ((i.kind === 'social' && paid) || SOCIAL_CLICK_IDS.has(i.clickIdParam)) return 'Paid Social'
  if (i.kind === 'video' && paid) return 'Paid Video'
  if (['display', 'banner', 'expandable', 'interstitial', 'cpm'].includes(medium)) return 'Display'
  if (paid) return 'Paid Other'
  if (shopping) return 'Organic Shopping'
  if (i.kind === 'social' || SOCIAL_MEDIUM.test(medium) || i.clickIdParam === 'fbclid')
    return 'Organic Social'
  if (i.kind === 'video' || /video/.test(medium)) return 'Organic Video'
  if (i.kind === 'search' || medium === 'organic') return 'Organic Search'
  if (['referral', 'app', 'link'].includes(medium)) return 'Referral'
  if (i.kind === 'email' || EMAIL.test(source) || EMAIL.test(medium)) return 'Email'
  if (medium === 'affiliate') return 'Affiliates'
  if (medium === 'audio') return 'Audio'
  if (source === 'sms' || medium === 'sms') return 'SMS'
  if (medium.endsWith('push') || medium.includes('mobile') || medium.includes('notification'))
    return 'Mobile Push Notifications'
  // A referring site or a bare utm_source without a medium is a referral (as Plausible counts it).
  if ((i.hasReferrer || i.hasUtmSource) && !medium) return 'Referral'
  return 'Unassigned'
}
