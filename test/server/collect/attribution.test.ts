import { describe, expect, test } from 'vitest'
import { getAttribution } from '../../../server/collect/attribution'
import { hostBelongsToSite } from '../../../server/collect/url'

const own = (host: string) => hostBelongsToSite(host, 'shop.example', ['shop-alias.example'])
const L = 'https://shop.example/landing'

// [referrer, landing URL, expected source, expected channel]
const CASES: Array<[string, string, string, string]> = [
  ['', L, '', 'Direct'],
  ['https://shop.example/other', L, '', 'Direct'],
  ['https://www.shop.example/', L, '', 'Direct'],
  ['https://blog.shop.example/post', L, '', 'Direct'],
  ['https://shop-alias.example/', L, '', 'Direct'],
  ['https://www.google.com/', L, 'Google', 'Organic Search'],
  ['https://www.google.de/', L, 'Google', 'Organic Search'],
  ['https://www.google.co.uk/', L, 'Google', 'Organic Search'],
  ['https://www.google.com.br/', L, 'Google', 'Organic Search'],
  ['https://www.bing.com/search?q=shoes', L, 'Bing', 'Organic Search'],
  ['https://duckduckgo.com/', L, 'DuckDuckGo', 'Organic Search'],
  ['https://www.ecosia.org/search?q=x', L, 'Ecosia', 'Organic Search'],
  ['https://www.qwant.com/', L, 'Qwant', 'Organic Search'],
  ['https://search.brave.com/search?q=x', L, 'Brave Search', 'Organic Search'],
  ['https://www.startpage.com/', L, 'Startpage', 'Organic Search'],
  ['https://yandex.ru/search/', L, 'Yandex', 'Organic Search'],
  ['https://de.search.yahoo.com/', L, 'Yahoo!', 'Organic Search'],
  ['https://chatgpt.com/', L, 'ChatGPT', 'Organic Search'],
  ['https://www.perplexity.ai/', L, 'Perplexity', 'Organic Search'],
  ['https://www.google.com/', `${L}?gclid=abc123`, 'Google', 'Paid Search'],
  ['', `${L}?gclid=abc123`, '', 'Paid Search'],
  ['https://www.bing.com/', `${L}?msclkid=xyz`, 'Bing', 'Paid Search'],
  [
    'https://www.google.com/',
    `${L}?utm_source=google&utm_medium=cpc&utm_campaign=spring`,
    'Google',
    'Paid Search',
  ],
  ['', `${L}?utm_source=bing&utm_medium=ppc`, 'Bing', 'Paid Search'],
  ['https://www.facebook.com/', L, 'Facebook', 'Organic Social'],
  ['https://l.facebook.com/l.php?u=x', L, 'Facebook', 'Organic Social'],
  ['https://m.facebook.com/', L, 'Facebook', 'Organic Social'],
  ['https://l.instagram.com/', L, 'Instagram', 'Organic Social'],
  ['https://t.co/abc', L, 'X', 'Organic Social'],
  ['https://www.linkedin.com/feed/', L, 'LinkedIn', 'Organic Social'],
  ['https://www.reddit.com/r/de/comments/1', L, 'Reddit', 'Organic Social'],
  ['https://news.ycombinator.com/item?id=1', L, 'Hacker News', 'Organic Social'],
  ['https://www.xing.com/', L, 'Xing', 'Organic Social'],
  ['https://mastodon.social/@someone', L, 'Mastodon', 'Organic Social'],
  ['https://bsky.app/profile/x', L, 'Bluesky', 'Organic Social'],
  ['', `${L}?fbclid=IwAR0abc`, '', 'Organic Social'],
  [
    'https://www.facebook.com/',
    `${L}?utm_source=facebook&utm_medium=paid_social`,
    'Facebook',
    'Paid Social',
  ],
  ['', `${L}?utm_source=fb&utm_medium=cpc`, 'Facebook', 'Paid Social'],
  ['', `${L}?utm_source=ig&utm_medium=paid`, 'Instagram', 'Paid Social'],
  ['', `${L}?ttclid=E.C.P.x`, '', 'Paid Social'],
  ['', `${L}?utm_source=linkedin&utm_medium=social`, 'LinkedIn', 'Organic Social'],
  ['https://www.youtube.com/', L, 'YouTube', 'Organic Video'],
  ['https://youtu.be/abc', L, 'YouTube', 'Organic Video'],
  ['', `${L}?utm_source=youtube&utm_medium=cpv`, 'YouTube', 'Paid Video'],
  ['https://vimeo.com/123', L, 'Vimeo', 'Organic Video'],
  ['https://mail.google.com/', L, 'Gmail', 'Email'],
  ['android-app://com.google.android.gm/', L, 'Gmail', 'Email'],
  ['https://outlook.live.com/mail/0/', L, 'Outlook.com', 'Email'],
  ['', `${L}?utm_source=newsletter&utm_medium=email&utm_campaign=may`, 'newsletter', 'Email'],
  ['', `${L}?utm_source=mailchimp&utm_medium=e-mail`, 'Mailchimp', 'Email'],
  ['', `${L}?utm_source=partner&utm_medium=affiliate`, 'partner', 'Affiliates'],
  ['', `${L}?utm_source=adnet&utm_medium=display`, 'adnet', 'Display'],
  ['', `${L}?utm_source=adnet&utm_medium=banner`, 'adnet', 'Display'],
  [
    '',
    `${L}?utm_source=google&utm_medium=cpc&utm_campaign=cross-network-pmax`,
    'Google',
    'Cross-network',
  ],
  [
    '',
    `${L}?utm_source=google&utm_medium=cpc&utm_campaign=shopping-feed`,
    'Google',
    'Paid Shopping',
  ],
  ['https://www.amazon.de/', L, 'Amazon', 'Organic Shopping'],
  ['https://www.idealo.de/preisvergleich/x', L, 'Idealo', 'Organic Shopping'],
  ['', `${L}?utm_source=podcast&utm_medium=audio`, 'podcast', 'Audio'],
  ['', `${L}?utm_source=sms&utm_medium=text`, 'sms', 'SMS'],
  ['', `${L}?utm_source=app&utm_medium=push`, 'app', 'Mobile Push Notifications'],
  ['', `${L}?utm_source=other&utm_medium=something`, 'other', 'Unassigned'],
  ['', `${L}?utm_source=flyer`, 'flyer', 'Referral'],
  ['', `${L}?ref=producthunt`, 'producthunt', 'Referral'],
  ['', `${L}?ref=Product%20Hunt`, 'Product Hunt', 'Organic Social'],
  ['', `${L}?source=partner-blog&utm_medium=referral`, 'partner-blog', 'Referral'],
  // A tag left empty by a link builder does not hide the one after it.
  ['', `${L}?utm_source=&ref=producthunt`, 'producthunt', 'Referral'],
  ['', `${L}?utm_source=%20&source=partner-blog`, 'partner-blog', 'Referral'],
  ['https://blog.partner.example/review', L, 'blog.partner.example', 'Referral'],
  ['https://www.heise.de/news/1', L, 'heise.de', 'Referral'],
  ['https://de.wikipedia.org/wiki/X', L, 'Wikipedia', 'Referral'],
  ['https://github.com/org/repo', L, 'GitHub', 'Referral'],
  ['https://www.google.com/', `${L}?utm_source=newsletter&utm_medium=email`, 'newsletter', 'Email'],
  ['https://www.heise.de/', `${L}?utm_source=heise&utm_medium=referral`, 'heise', 'Referral'],
  ['not a url', L, '', 'Direct'],
  ['javascript:alert(1)', L, '', 'Direct'],
]

describe('getAttribution', () => {
  test('at least 50 referrer and campaign combinations', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(50)
  })

  test.each(CASES)('%j → %j', (referrer, url, source, channel) => {
    const a = getAttribution(referrer, new URL(url), own)
    expect([a.source, a.channel]).toEqual([source, channel])
  })

  test.each([
    ['https://www.google.com/search?q=secret', 'google.com/search'],
    ['https://news.ycombinator.com/item?id=1', 'news.ycombinator.com/item'],
    ['https://www.heise.de/', 'heise.de'],
    ['https://shop.example/cart', ''],
  ])('stores %s as %j (no query, no scheme, no www)', (referrer, stored) => {
    expect(getAttribution(referrer, new URL(L), own).referrer).toBe(stored)
  })

  test('campaign tags and the click id parameter name are kept, the click id value is not', () => {
    const a = getAttribution(
      '',
      new URL(
        `${L}?utm_source=google&utm_medium=cpc&utm_campaign=spring&utm_content=ad1&utm_term=shoes&gclid=SECRET`,
      ),
      own,
    )
    expect(a).toEqual({
      utmSource: 'google',
      utmMedium: 'cpc',
      utmCampaign: 'spring',
      utmContent: 'ad1',
      utmTerm: 'shoes',
      clickIdParam: 'gclid',
      referrer: '',
      source: 'Google',
      channel: 'Paid Search',
    })
    expect(JSON.stringify(a)).not.toContain('SECRET')
  })
})
