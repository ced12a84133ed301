/**
 * Known referrer hosts → source name and kind, checked against Snowplow's referer-parser data set
 * (github.com/snowplow-referer-parser/referer-parser, referers.yml) and
 * the source categories of Google Analytics 4's default channel groups, reduced to the hosts
 * that send real traffic to small European sites. A host not listed here is its own source.
 */
export type SourceKind = 'search' | 'social' | 'video' | 'email' | 'shopping' | 'other'

type Entry = [name: string, kind: SourceKind, hosts: string[]]

const SOURCES: Entry[] = [
  [
    'Google',
    'search',
    [
      'google.com',
      'google.de',
      'google.at',
      'google.ch',
      'google.fr',
      'google.es',
      'google.it',
      'google.nl',
      'google.be',
      'google.pl',
      'google.co.uk',
      'google.ie',
      'google.se',
      'google.dk',
      'google.fi',
      'google.no',
      'google.pt',
      'google.cz',
      'google.gr',
      'google.hu',
      'google.ro',
      'google.com.tr',
      'google.ca',
      'google.com.au',
      'google.co.in',
      'google.com.br',
      'google.co.jp',
      'google.lu',
      'google.sk',
      'google.si',
      'google.hr',
      'google.bg',
      'google.lt',
      'google.lv',
      'google.ee',
      'google.com.mx',
      'google.co.za',
      'google.ru',
      'google.com.ua',
      'googleadservices.com',
      'google',
    ],
  ],
  ['Bing', 'search', ['bing.com', 'cn.bing.com']],
  ['DuckDuckGo', 'search', ['duckduckgo.com', 'duck.com']],
  ['Ecosia', 'search', ['ecosia.org']],
  ['Qwant', 'search', ['qwant.com', 'lite.qwant.com']],
  [
    'Yahoo!',
    'search',
    [
      'search.yahoo.com',
      'yahoo.com',
      'de.search.yahoo.com',
      'fr.search.yahoo.com',
      'uk.search.yahoo.com',
    ],
  ],
  ['Yandex', 'search', ['yandex.ru', 'yandex.com', 'ya.ru', 'yandex.com.tr']],
  ['Baidu', 'search', ['baidu.com', 'm.baidu.com']],
  ['Brave Search', 'search', ['search.brave.com']],
  ['Startpage', 'search', ['startpage.com']],
  ['Ask', 'search', ['ask.com']],
  ['AOL', 'search', ['search.aol.com', 'aol.com']],
  ['Seznam', 'search', ['seznam.cz', 'search.seznam.cz']],
  ['Naver', 'search', ['naver.com', 'search.naver.com']],
  ['Yahoo! Japan', 'search', ['search.yahoo.co.jp']],
  ['Mojeek', 'search', ['mojeek.com']],
  ['MetaGer', 'search', ['metager.de', 'metager.org']],
  ['T-Online', 'search', ['suche.t-online.de']],
  ['Web.de', 'search', ['suche.web.de']],
  ['GMX', 'search', ['suche.gmx.net', 'search.gmx.com']],
  ['Kagi', 'search', ['kagi.com']],
  ['Perplexity', 'search', ['perplexity.ai', 'www.perplexity.ai']],
  ['ChatGPT', 'search', ['chatgpt.com', 'chat.openai.com']],
  ['Sogou', 'search', ['sogou.com']],
  ['Petal Search', 'search', ['petalsearch.com']],
  [
    'Facebook',
    'social',
    [
      'facebook.com',
      'm.facebook.com',
      'l.facebook.com',
      'lm.facebook.com',
      'web.facebook.com',
      'fb.com',
      'fb.me',
      'business.facebook.com',
    ],
  ],
  ['Instagram', 'social', ['instagram.com', 'l.instagram.com']],
  ['X', 'social', ['twitter.com', 't.co', 'x.com', 'mobile.twitter.com']],
  ['LinkedIn', 'social', ['linkedin.com', 'lnkd.in', 'linkedin.android']],
  ['Xing', 'social', ['xing.com']],
  ['Reddit', 'social', ['reddit.com', 'old.reddit.com', 'out.reddit.com', 'np.reddit.com']],
  [
    'Pinterest',
    'social',
    ['pinterest.com', 'pinterest.de', 'pinterest.fr', 'pinterest.co.uk', 'pin.it'],
  ],
  ['TikTok', 'social', ['tiktok.com']],
  ['Snapchat', 'social', ['snapchat.com']],
  ['Threads', 'social', ['threads.net', 'threads.com']],
  ['Bluesky', 'social', ['bsky.app']],
  [
    'Mastodon',
    'social',
    [
      'mastodon.social',
      'mastodon.online',
      'mstdn.social',
      'chaos.social',
      'fosstodon.org',
      'hachyderm.io',
      'infosec.exchange',
    ],
  ],
  ['Hacker News', 'social', ['news.ycombinator.com']],
  ['Product Hunt', 'social', ['producthunt.com']],
  ['Tumblr', 'social', ['tumblr.com']],
  ['VK', 'social', ['vk.com']],
  ['WhatsApp', 'social', ['whatsapp.com', 'web.whatsapp.com', 'wa.me']],
  ['Telegram', 'social', ['t.me', 'web.telegram.org', 'telegram.org']],
  ['Discord', 'social', ['discord.com', 'discordapp.com']],
  ['Slack', 'social', ['slack.com', 'app.slack.com']],
  ['Quora', 'social', ['quora.com']],
  ['Medium', 'social', ['medium.com']],
  ['Stack Overflow', 'social', ['stackoverflow.com']],
  ['GitHub', 'other', ['github.com']],
  ['Weibo', 'social', ['weibo.com']],
  ['Line', 'social', ['line.me']],
  ['YouTube', 'video', ['youtube.com', 'm.youtube.com', 'youtu.be', 'music.youtube.com']],
  ['Vimeo', 'video', ['vimeo.com']],
  ['Twitch', 'video', ['twitch.tv']],
  ['Dailymotion', 'video', ['dailymotion.com']],
  ['Netflix', 'video', ['netflix.com']],
  ['Gmail', 'email', ['mail.google.com', 'com.google.android.gm']],
  [
    'Outlook.com',
    'email',
    ['outlook.live.com', 'outlook.office.com', 'outlook.office365.com', 'mail.live.com'],
  ],
  ['Yahoo! Mail', 'email', ['mail.yahoo.com', 'mail.yahoo.co.jp']],
  ['GMX Mail', 'email', ['navigator.gmx.net', 'gmx.net', 'gmx.de']],
  ['Web.de Mail', 'email', ['web.de', 'navigator.web.de']],
  ['T-Online Mail', 'email', ['email.t-online.de']],
  ['Proton Mail', 'email', ['mail.proton.me', 'mail.protonmail.com']],
  ['Posteo', 'email', ['posteo.de']],
  ['Mailchimp', 'email', ['mailchi.mp', 'us1.campaign-archive.com', 'campaign-archive.com']],
  [
    'Amazon',
    'shopping',
    ['amazon.com', 'amazon.de', 'amazon.co.uk', 'amazon.fr', 'amazon.it', 'amazon.es', 'amazon.nl'],
  ],
  [
    'eBay',
    'shopping',
    ['ebay.com', 'ebay.de', 'ebay.co.uk', 'ebay.fr', 'ebay.it', 'kleinanzeigen.de'],
  ],
  ['Etsy', 'shopping', ['etsy.com']],
  ['Idealo', 'shopping', ['idealo.de', 'idealo.fr', 'idealo.co.uk']],
  ['Google Shopping', 'shopping', ['shopping.google.com']],
  ['Shopify', 'shopping', ['shopify.com', 'shop.app']],
  [
    'Wikipedia',
    'other',
    [
      'wikipedia.org',
      'en.wikipedia.org',
      'de.wikipedia.org',
      'fr.wikipedia.org',
      'en.m.wikipedia.org',
      'de.m.wikipedia.org',
    ],
  ],
]

/** Source names that utm_source values commonly abbreviate ("fb", "ig", "yt"…). */
const UTM_ALIASES: Record<string, string> = {
  fb: 'Facebook',
  ig: 'Instagram',
  yt: 'YouTube',
  li: 'LinkedIn',
  tw: 'X',
  twitter: 'X',
  x: 'X',
  'x.com': 'X',
  adwords: 'Google',
  'google-ads': 'Google',
  googleads: 'Google',
}

export interface KnownSource {
  name: string
  kind: SourceKind
}

export const BY_HOST = new Map<string, KnownSource>()
export const BY_NAME = new Map<string, KnownSource>()
for (const [name, kind, hosts] of SOURCES) {
  const source = { name, kind }
  for (const host of hosts) BY_HOST.set(host, source)
  BY_NAME.set(name.toLowerCase(), source)
}
for (const [alias, name] of Object.entries(UTM_ALIASES)) {
  const source = BY_NAME.get(name.toLowerCase())
  if (source) BY_NAME.set(alias, source)
}
