import type { Doc } from './doc'
import type { PrivacyFacts } from './facts'
import { dataCategories, neverStored } from './features'

const host = (url: string | undefined) => (url ? new URL(url).host : undefined)

/** The section for the site owner's privacy policy (Datenschutzerklärung), in English. */
export function policyEn(f: PrivacyFacts): Doc {
  const server = host(f.instanceUrl)
  return {
    lang: 'en',
    title: `Web analytics with Spur on ${f.domain}`,
    blocks: [
      {
        kind: 'p',
        text: `To understand how ${f.domain} is used and to improve it, we measure visits with Spur, a cookieless web analytics software that we run on our own server${server ? ` (${server})` : ''}. The statistics show totals — visits, pages, sources, countries — and no individual visitor.`,
      },
      { kind: 'h3', text: 'What is collected' },
      { kind: 'ul', items: dataCategories(f, 'en') },
      { kind: 'h3', text: 'What is never stored' },
      { kind: 'ul', items: neverStored('en') },
      { kind: 'h3', text: 'Your choices' },
      {
        kind: 'p',
        text: f.honourPrivacySignals
          ? 'If your browser sends a Global Privacy Control (GPC) or Do Not Track (DNT) signal, the analytics script sends nothing at all about your visit.'
          : 'The analytics script does not evaluate Global Privacy Control (GPC) or Do Not Track (DNT) signals; you can prevent the measurement by blocking the script in your browser, for example with a content blocker.',
      },
      ...(f.excludesOwnNetworks || f.excludedPathCount > 0
        ? [
            {
              kind: 'p' as const,
              text: [
                f.excludesOwnNetworks ? 'Visits from our own networks are not counted.' : '',
                f.excludedPathCount > 0
                  ? `${f.excludedPathCount} ${f.excludedPathCount === 1 ? 'area' : 'areas'} of the website ${f.excludedPathCount === 1 ? 'is' : 'are'} excluded from the measurement.`
                  : '',
              ]
                .filter(Boolean)
                .join(' '),
            },
          ]
        : []),
      { kind: 'h3', text: 'Customer groups' },
      {
        kind: 'p',
        text: f.segmentsEnabled
          ? `Visits may be linked to a customer group, never to a person. Reports by customer group only show groups of at least ${f.kAnonymity} visitors.`
          : 'Visits are not linked to customer groups.',
      },
      { kind: 'h3', text: 'Storage period' },
      {
        kind: 'p',
        text: `The collected data is deleted automatically after ${f.retentionMonths} months. The daily salt used for the visitor ID is destroyed after ${f.saltHours} hours.`,
      },
      { kind: 'h3', text: 'Legal basis' },
      {
        kind: 'p',
        text: 'The processing is based on our legitimate interest in anonymous statistics about the use of our website (Art. 6(1)(f) GDPR). Nothing is stored on your device and nothing is read from it beyond what your browser sends with every page request (Section 25 TDDDG).',
      },
      { kind: 'h3', text: 'Recipients' },
      {
        kind: 'p',
        text: 'None. The data is not passed to third parties and not transferred to a country outside the EU/EEA. If our server is operated by a hosting provider, it acts as our processor under Art. 28 GDPR.',
      },
    ],
  }
}

/** Der Abschnitt für die Datenschutzerklärung des Website-Betreibers, auf Deutsch. */
export function policyDe(f: PrivacyFacts): Doc {
  const server = host(f.instanceUrl)
  return {
    lang: 'de',
    title: `Reichweitenmessung mit Spur auf ${f.domain}`,
    blocks: [
      {
        kind: 'p',
        text: `Um zu verstehen, wie ${f.domain} genutzt wird, und die Website zu verbessern, messen wir Besuche mit Spur, einer cookielosen Webanalyse-Software, die wir auf unserem eigenen Server betreiben${server ? ` (${server})` : ''}. Die Statistik zeigt Summen — Besuche, Seiten, Quellen, Länder — und keine einzelnen Besucher.`,
      },
      { kind: 'h3', text: 'Welche Daten erhoben werden' },
      { kind: 'ul', items: dataCategories(f, 'de') },
      { kind: 'h3', text: 'Was nie gespeichert wird' },
      { kind: 'ul', items: neverStored('de') },
      { kind: 'h3', text: 'Ihre Wahlmöglichkeiten' },
      {
        kind: 'p',
        text: f.honourPrivacySignals
          ? 'Sendet Ihr Browser ein Global-Privacy-Control-Signal (GPC) oder Do Not Track (DNT), überträgt das Analyse-Skript keinerlei Daten über Ihren Besuch.'
          : 'Das Analyse-Skript wertet Global Privacy Control (GPC) und Do Not Track (DNT) nicht aus; Sie können die Messung verhindern, indem Sie das Skript in Ihrem Browser blockieren, etwa mit einem Inhaltsblocker.',
      },
      ...(f.excludesOwnNetworks || f.excludedPathCount > 0
        ? [
            {
              kind: 'p' as const,
              text: [
                f.excludesOwnNetworks
                  ? 'Besuche aus unseren eigenen Netzen werden nicht gezählt.'
                  : '',
                f.excludedPathCount > 0
                  ? `${f.excludedPathCount} ${f.excludedPathCount === 1 ? 'Bereich' : 'Bereiche'} der Website ${f.excludedPathCount === 1 ? 'ist' : 'sind'} von der Messung ausgenommen.`
                  : '',
              ]
                .filter(Boolean)
                .join(' '),
            },
          ]
        : []),
      { kind: 'h3', text: 'Kundengruppen' },
      {
        kind: 'p',
        text: f.segmentsEnabled
          ? `Besuche können einer Kundengruppe zugeordnet werden, nie einer Person. Auswertungen nach Kundengruppe zeigen nur Gruppen mit mindestens ${f.kAnonymity} Besuchern.`
          : 'Besuche werden keinen Kundengruppen zugeordnet.',
      },
      { kind: 'h3', text: 'Speicherdauer' },
      {
        kind: 'p',
        text: `Die erhobenen Daten werden nach ${f.retentionMonths} Monaten automatisch gelöscht. Der tägliche Salt für die Besucherkennung wird nach ${f.saltHours} Stunden vernichtet.`,
      },
      { kind: 'h3', text: 'Rechtsgrundlage' },
      {
        kind: 'p',
        text: 'Die Verarbeitung beruht auf unserem berechtigten Interesse an einer anonymen Statistik über die Nutzung unserer Website (Art. 6 Abs. 1 lit. f DSGVO). Auf Ihrem Endgerät wird nichts gespeichert und nichts ausgelesen, was Ihr Browser nicht ohnehin mit jedem Seitenaufruf sendet (§ 25 TDDDG).',
      },
      { kind: 'h3', text: 'Empfänger' },
      {
        kind: 'p',
        text: 'Keine. Die Daten werden nicht an Dritte weitergegeben und nicht in ein Land außerhalb der EU/des EWR übermittelt. Betreibt ein Hosting-Anbieter unseren Server, ist er unser Auftragsverarbeiter nach Art. 28 DSGVO.',
      },
    ],
  }
}
