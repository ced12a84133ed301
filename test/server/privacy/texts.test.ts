import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import {
  buildText,
  getPrivacyFacts,
  PRINT_CSP,
  toHtml,
  toMarkdown,
  type TextKind,
  type TextLang,
} from '../../../server/privacy/texts'
import { parseSiteSettings } from '../../../server/sites/settings'

const plain = getPrivacyFacts(
  { domain: 'baeckerei.example', settings: parseSiteSettings('{}') },
  'https://stats.baeckerei.example',
)
const custom = getPrivacyFacts(
  {
    domain: 'shop.example',
    settings: parseSiteSettings(
      JSON.stringify({
        retentionMonths: 6,
        honourPrivacySignals: false,
        excludedIps: ['10.0.0.0/8'],
        excludedPaths: ['/admin/*', '/intern/*'],
        allowedQueryParams: ['q', 'page'],
        trackerFeatures: ['outbound', 'downloads'],
        segmentsEnabled: true,
        kAnonymity: 10,
      }),
    ),
  },
  undefined,
)

const md = (kind: TextKind, lang: TextLang, facts = plain) =>
  toMarkdown(buildText(kind, lang, facts))

/** [label, kind, lang, text for the default site, text for the customised site] */
const EXPECTED: Array<[string, TextKind, TextLang, string | null, string | null]> = [
  [
    'retention',
    'policy',
    'en',
    'deleted automatically after 25 months',
    'deleted automatically after 6 months',
  ],
  [
    'retention',
    'policy',
    'de',
    'nach 25 Monaten automatisch gelöscht',
    'nach 6 Monaten automatisch gelöscht',
  ],
  [
    'retention',
    'record',
    'en',
    'Raw events and visits: 25 months',
    'Raw events and visits: 6 months',
  ],
  [
    'retention',
    'record',
    'de',
    'Rohdaten (Ereignisse und Besuche): 25 Monate',
    'Rohdaten (Ereignisse und Besuche): 6 Monate',
  ],
  [
    'signals on',
    'policy',
    'en',
    'the analytics script sends nothing at all about your visit',
    null,
  ],
  [
    'signals off',
    'policy',
    'en',
    null,
    'does not evaluate Global Privacy Control (GPC) or Do Not Track (DNT)',
  ],
  ['signals on', 'policy', 'de', 'überträgt das Analyse-Skript keinerlei Daten', null],
  [
    'signals off',
    'policy',
    'de',
    null,
    'wertet Global Privacy Control (GPC) und Do Not Track (DNT) nicht aus',
  ],
  [
    'signals',
    'record',
    'en',
    '| Privacy signals (GPC, DNT) | Honoured: nothing is sent |',
    '| Privacy signals (GPC, DNT) | Not evaluated |',
  ],
  [
    'signals',
    'record',
    'de',
    '| Datenschutzsignale (GPC, DNT) | Beachtet: es wird nichts gesendet |',
    '| Datenschutzsignale (GPC, DNT) | Nicht ausgewertet |',
  ],
  ['own networks', 'policy', 'en', null, 'Visits from our own networks are not counted.'],
  [
    'own networks',
    'policy',
    'de',
    null,
    'Besuche aus unseren eigenen Netzen werden nicht gezählt.',
  ],
  [
    'excluded paths',
    'policy',
    'en',
    null,
    '2 areas of the website are excluded from the measurement.',
  ],
  [
    'excluded paths',
    'policy',
    'de',
    null,
    '2 Bereiche der Website sind von der Messung ausgenommen.',
  ],
  [
    'query string',
    'policy',
    'en',
    'the address of the page visited (without its query string) and',
    'without its query string, except the parameters page, q)',
  ],
  [
    'query string',
    'policy',
    'de',
    'die Adresse der aufgerufenen Seite (ohne Query-String) und',
    'ohne Query-String, ausgenommen die Parameter page, q)',
  ],
  [
    'outbound',
    'policy',
    'en',
    null,
    '- clicks on links to other websites (the address of the link)',
  ],
  ['downloads', 'record', 'de', null, '- Datei-Downloads (die Adresse der Datei)'],
  ['segments off', 'policy', 'en', 'Visits are not linked to customer groups.', null],
  ['segments on', 'policy', 'en', null, 'only show groups of at least 10 visitors'],
  ['segments off', 'policy', 'de', 'Besuche werden keinen Kundengruppen zugeordnet.', null],
  ['segments on', 'policy', 'de', null, 'nur Gruppen mit mindestens 10 Besuchern'],
  [
    'segments',
    'record',
    'en',
    '| Customer groups | Not used |',
    '| Customer groups | Linked as group labels only; k-anonymity threshold 10 |',
  ],
  ['k-anonymity measure', 'record', 'de', null, 'mindestens 10 Besuchern (k-Anonymität)'],
  ['segment label', 'policy', 'en', null, 'a customer-group label'],
  ['salt', 'policy', 'en', 'destroyed after 48 hours', 'destroyed after 48 hours'],
  ['salt', 'policy', 'de', 'nach 48 Stunden vernichtet', 'nach 48 Stunden vernichtet'],
  [
    'geo',
    'policy',
    'en',
    'the country, region and city, derived from the IP address',
    'the country, region and city, derived from the IP address',
  ],
  [
    'geo',
    'policy',
    'de',
    'Land, Region und Stadt, abgeleitet aus der IP-Adresse',
    'Land, Region und Stadt, abgeleitet aus der IP-Adresse',
  ],
  ['legal basis', 'policy', 'en', 'Art. 6(1)(f) GDPR', 'Art. 6(1)(f) GDPR'],
  ['legal basis', 'policy', 'de', 'Art. 6 Abs. 1 lit. f DSGVO', 'Art. 6 Abs. 1 lit. f DSGVO'],
  ['recipients', 'policy', 'en', '### Recipients\n\nNone.', '### Recipients\n\nNone.'],
  ['recipients', 'policy', 'de', '### Empfänger\n\nKeine.', '### Empfänger\n\nKeine.'],
  [
    'recipients',
    'record',
    'en',
    '| Transfer to third countries | None |',
    '| Transfer to third countries | None |',
  ],
  ['server', 'policy', 'en', 'on our own server (stats.baeckerei.example).', 'on our own server.'],
  [
    'domain',
    'record',
    'en',
    '| Data subjects | Visitors of baeckerei.example |',
    '| Data subjects | Visitors of shop.example |',
  ],
  [
    'never stored',
    'policy',
    'en',
    '- the IP address\n- the User-Agent string\n- cookies — none are set',
    '- the IP address\n- the User-Agent string\n- cookies — none are set',
  ],
  [
    'never stored',
    'policy',
    'de',
    '- die IP-Adresse\n- der User-Agent-String\n- Cookies — es werden keine gesetzt',
    '- die IP-Adresse\n- der User-Agent-String\n- Cookies — es werden keine gesetzt',
  ],
]

// The phrases a setting switches between: the other configuration must not carry them.
const ABSENT: Array<[TextKind, TextLang, string, 'plain' | 'custom']> = [
  ['policy', 'en', 'own networks', 'plain'],
  ['policy', 'en', 'excluded from the measurement', 'plain'],
  ['policy', 'en', 'clicks on links to other websites', 'plain'],
  ['policy', 'en', 'customer-group label', 'plain'],
  ['policy', 'en', 'sends nothing at all', 'custom'],
  ['policy', 'de', 'keinerlei Daten', 'custom'],
  ['record', 'en', 'Global Privacy Control or Do Not Track are not measured', 'custom'],
  ['policy', 'en', '25 months', 'custom'],
]

describe('transparency texts follow the site settings', () => {
  test.each(EXPECTED)('%s in the %s text (%s)', (_label, kind, lang, forPlain, forCustom) => {
    if (forPlain !== null) expect(md(kind, lang, plain)).toContain(forPlain)
    if (forCustom !== null) expect(md(kind, lang, custom)).toContain(forCustom)
  })

  test.each(ABSENT)('the %s text (%s) has no "%s" for the %s site', (kind, lang, phrase, which) => {
    expect(md(kind, lang, which === 'plain' ? plain : custom)).not.toContain(phrase)
  })

  test('one area, singular', () => {
    const one = getPrivacyFacts(
      { domain: 'a.example', settings: parseSiteSettings('{"excludedPaths":["/x"]}') },
      undefined,
    )
    expect(md('policy', 'en', one)).toContain('1 area of the website is excluded')
    expect(md('policy', 'de', one)).toContain('1 Bereich der Website ist von der Messung')
  })
})

describe('the printable page', () => {
  test('is a complete page in the text’s language, escaped, with nothing to load', () => {
    const facts = { ...plain, domain: 'a<b>.example' }
    const html = toHtml(buildText('policy', 'de', facts))
    expect(html).toMatch(/^<!doctype html>\n<html lang="de">/)
    expect(html).toContain('<title>Reichweitenmessung mit Spur auf a&#60;b&#62;.example</title>')
    expect(html).not.toContain('a<b>')
    expect(html).not.toMatch(/<script|<link|src=/)
    expect(html).toContain('<li>die IP-Adresse</li>')
  })

  test('its Content-Security-Policy allows exactly its own style', () => {
    const html = toHtml(buildText('record', 'en', plain))
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? ''
    const hash = createHash('sha256').update(style).digest('base64')
    expect(PRINT_CSP).toBe(
      `default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    )
  })
})
