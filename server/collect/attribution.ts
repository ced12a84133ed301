import { getChannel, type Channel } from './channel'
import { getReferrer } from './referrer'
import { getCampaign, type Campaign } from './url'

export interface Attribution extends Campaign {
  referrer: string
  source: string
  channel: Channel
}

/**
 * Where a hit came from: the referrer's source, the landing URL's campaign tags and click id,
 * and the marketing channel they add up to. `isOwnHost` tells internal navigation apart.
 */
export function getAttribution(
  referrer: string,
  url: URL,
  isOwnHost: (host: string) => boolean,
): Attribution {
  const campaign = getCampaign(url)
  const ref = getReferrer(referrer, isOwnHost, campaign.utmSource)
  const channel = getChannel({
    source: ref.source,
    kind: ref.kind,
    utmMedium: campaign.utmMedium,
    utmCampaign: campaign.utmCampaign,
    clickIdParam: campaign.clickIdParam,
    hasReferrer: ref.referrer !== '',
    hasUtmSource: campaign.utmSource !== '',
  })
  return { ...campaign, referrer: ref.referrer, source: ref.source, channel }
}
