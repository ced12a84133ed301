import type { TrackerFeature } from '../../sites/settings'
import type { PrivacyFacts } from './facts'

type Lang = 'de' | 'en'

const FEATURE: Partial<Record<TrackerFeature, Record<Lang, string>>> = {
  hash: {
    en: 'the part of the page address after “#”',
    de: 'der Teil der Seitenadresse nach „#“',
  },
  outbound: {
    en: 'clicks on links to other websites (the address of the link)',
    de: 'Klicks auf Links zu anderen Websites (die Adresse des Links)',
  },
  downloads: {
    en: 'file downloads (the address of the file)',
    de: 'Datei-Downloads (die Adresse der Datei)',
  },
  tagged: {
    en: 'clicks on elements the website marks for counting',
    de: 'Klicks auf Elemente, die die Website zum Zählen markiert',
  },
  'not-found': {
    en: 'visits to pages that do not exist (error 404)',
    de: 'Aufrufe nicht vorhandener Seiten (Fehler 404)',
  },
}

const GEO: Record<PrivacyFacts['geoGranularity'], Record<Lang, string>> = {
  country: { en: 'country', de: 'Land' },
  region: { en: 'country and region', de: 'Land und Region' },
  city: { en: 'country, region and city', de: 'Land, Region und Stadt' },
}

/** The categories of data collected, as list items in one language. */
export function dataCategories(f: PrivacyFacts, lang: Lang): string[] {
  const en = lang === 'en'
  const kept =
    f.keptQueryParams.length === 0
      ? en
        ? 'without its query string'
        : 'ohne Query-String'
      : en
        ? `without its query string, except the parameters ${f.keptQueryParams.join(', ')}`
        : `ohne Query-String, ausgenommen die Parameter ${f.keptQueryParams.join(', ')}`
  const items = en
    ? [
        `the address of the page visited (${kept}) and the time of the visit`,
        'the address of the referring page and the source derived from it; campaign parameters (utm_source, utm_medium, utm_campaign, utm_content, utm_term); the name — never the value — of an advertising click-ID parameter',
        `the ${GEO[f.geoGranularity].en}, derived from the IP address, which is then discarded`,
        'browser, operating system (each with version) and device type, derived from the User-Agent header, which is then discarded',
        'events the website reports (for example a form sent), with their properties and, if reported, a revenue amount',
        'time spent on the page and how far it was scrolled',
        `a pseudonymous visitor ID: a keyed hash of a random daily salt, the website, the IP address and the User-Agent; the salt changes every day and is destroyed after ${f.saltHours} hours, so a visitor cannot be recognised on another day and the ID cannot be traced back to an IP address`,
      ]
    : [
        `die Adresse der aufgerufenen Seite (${kept}) und der Zeitpunkt des Aufrufs`,
        'die Adresse der verweisenden Seite und die daraus abgeleitete Quelle; Kampagnenparameter (utm_source, utm_medium, utm_campaign, utm_content, utm_term); der Name — nie der Wert — eines Klick-ID-Parameters von Werbenetzwerken',
        `${GEO[f.geoGranularity].de}, abgeleitet aus der IP-Adresse, die danach verworfen wird`,
        'Browser, Betriebssystem (jeweils mit Version) und Gerätetyp, abgeleitet aus dem User-Agent-Header, der danach verworfen wird',
        'Ereignisse, die die Website meldet (zum Beispiel ein abgesendetes Formular), mit ihren Eigenschaften und, falls gemeldet, einem Umsatzbetrag',
        'Verweildauer auf der Seite und wie weit gescrollt wurde',
        `eine pseudonyme Besucherkennung: ein verschlüsselter Hash aus einem zufälligen Tagesschlüssel (Salt), der Website, der IP-Adresse und dem User-Agent; der Salt wechselt täglich und wird nach ${f.saltHours} Stunden vernichtet, sodass ein Besucher an einem anderen Tag nicht wiedererkannt und die Kennung nicht auf eine IP-Adresse zurückgeführt werden kann`,
      ]
  for (const feature of f.extraFeatures) {
    const text = FEATURE[feature]?.[lang]
    if (text) items.push(text)
  }
  if (f.segmentsEnabled)
    items.push(
      en
        ? 'a customer-group label (such as an A, B or C customer class or an interest group) when the visit comes through one of our campaign links or our pages mark it; never a name, e-mail address or customer number'
        : 'eine Kundengruppen-Kennzeichnung (etwa A-, B- oder C-Kunde oder eine Interessengruppe), wenn der Besuch über einen unserer Kampagnenlinks kommt oder unsere Seiten ihn so kennzeichnen; nie ein Name, eine E-Mail-Adresse oder eine Kundennummer',
    )
  return items
}

/** What is never stored, in one language. */
export function neverStored(lang: Lang): string[] {
  return lang === 'en'
    ? [
        'the IP address',
        'the User-Agent string',
        'cookies — none are set',
        'anything on the visitor’s device (no localStorage, sessionStorage or IndexedDB) and no device fingerprint',
      ]
    : [
        'die IP-Adresse',
        'der User-Agent-String',
        'Cookies — es werden keine gesetzt',
        'irgendetwas auf dem Gerät des Besuchers (kein localStorage, sessionStorage oder IndexedDB) und kein Geräte-Fingerabdruck',
      ]
}
