import type { Doc } from './doc'
import type { PrivacyFacts } from './facts'
import { dataCategories } from './features'

function measures(f: PrivacyFacts, lang: 'de' | 'en'): string[] {
  const en = lang === 'en'
  const list = en
    ? [
        'IP address and User-Agent are used only in memory while a request is processed and never stored or logged',
        `pseudonymous visitor ID with a random salt that changes daily and is destroyed after ${f.saltHours} hours`,
        'no cookies and no storage on the visitor’s device',
        `automatic deletion in the database after ${f.retentionMonths} months`,
        'data stays on our own server; no third-party services, no transfer to third countries',
        'access to the statistics only for named users with a role per website (owner, admin, viewer); passwords stored as hashes; two-factor authentication available',
        'deleting data needs the password again (and the second factor), and is carried out only after a grace period in which it can be cancelled',
        'backups with the database’s own BACKUP/RESTORE',
        'export of all raw data of the website (CSV, Parquet) for access and portability requests',
      ]
    : [
        'IP-Adresse und User-Agent werden nur im Arbeitsspeicher während der Verarbeitung einer Anfrage verwendet und nie gespeichert oder protokolliert',
        `pseudonyme Besucherkennung mit einem zufälligen Salt, der täglich wechselt und nach ${f.saltHours} Stunden vernichtet wird`,
        'keine Cookies und keine Speicherung auf dem Gerät des Besuchers',
        `automatische Löschung in der Datenbank nach ${f.retentionMonths} Monaten`,
        'die Daten bleiben auf unserem eigenen Server; keine Drittdienste, keine Übermittlung in Drittländer',
        'Zugriff auf die Statistik nur für namentlich angelegte Benutzer mit einer Rolle je Website (Inhaber, Admin, Betrachter); Passwörter als Hash gespeichert; Zwei-Faktor-Anmeldung verfügbar',
        'Löschen von Daten verlangt erneut das Passwort (und den zweiten Faktor) und wird erst nach einer Frist ausgeführt, in der es widerrufen werden kann',
        'Datensicherungen mit BACKUP/RESTORE der Datenbank',
        'Export aller Rohdaten der Website (CSV, Parquet) für Auskunfts- und Übertragbarkeitsersuchen',
      ]
  if (f.honourPrivacySignals)
    list.push(
      en
        ? 'browsers sending Global Privacy Control or Do Not Track are not measured'
        : 'Browser, die Global Privacy Control oder Do Not Track senden, werden nicht gemessen',
    )
  if (f.excludesOwnNetworks)
    list.push(
      en
        ? 'visits from the controller’s own networks are not recorded'
        : 'Besuche aus den eigenen Netzen des Verantwortlichen werden nicht erfasst',
    )
  if (f.segmentsEnabled)
    list.push(
      en
        ? `reports by customer group show only groups of at least ${f.kAnonymity} visitors (k-anonymity)`
        : `Auswertungen nach Kundengruppe zeigen nur Gruppen mit mindestens ${f.kAnonymity} Besuchern (k-Anonymität)`,
    )
  return list
}

/** The entry for the record of processing activities (Art. 30 GDPR), in English. */
export function recordEn(f: PrivacyFacts): Doc {
  return {
    lang: 'en',
    title: `Record of processing activities (Art. 30 GDPR): web analytics on ${f.domain}`,
    blocks: [
      {
        kind: 'table',
        rows: [
          ['Processing activity', `Audience measurement of the website ${f.domain} with Spur`],
          [
            'Controller',
            '[name and contact details of the controller and of the data-protection officer]',
          ],
          [
            'Purpose',
            'Anonymous statistics about the use of the website, to improve its content and reach',
          ],
          [
            'Legal basis',
            'Art. 6(1)(f) GDPR (legitimate interest); Section 25 TDDDG: nothing is stored on or read from the device',
          ],
          ['Data subjects', `Visitors of ${f.domain}`],
          ['Recipients', 'None; only the controller’s authorised staff see the statistics'],
          ['Transfer to third countries', 'None'],
          [
            'Time limits for erasure',
            `Raw events and visits: ${f.retentionMonths} months, deleted automatically; daily salt: ${f.saltHours} hours`,
          ],
          [
            'Customer groups',
            f.segmentsEnabled
              ? `Linked as group labels only; k-anonymity threshold ${f.kAnonymity}`
              : 'Not used',
          ],
          [
            'Privacy signals (GPC, DNT)',
            f.honourPrivacySignals ? 'Honoured: nothing is sent' : 'Not evaluated',
          ],
        ],
      },
      { kind: 'h2', text: 'Categories of personal data' },
      { kind: 'ul', items: dataCategories(f, 'en') },
      { kind: 'h2', text: 'Technical and organisational measures (Art. 32 GDPR)' },
      { kind: 'ul', items: measures(f, 'en') },
    ],
  }
}

/** Der Eintrag für das Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO), auf Deutsch. */
export function recordDe(f: PrivacyFacts): Doc {
  return {
    lang: 'de',
    title: `Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO): Reichweitenmessung auf ${f.domain}`,
    blocks: [
      {
        kind: 'table',
        rows: [
          ['Verarbeitungstätigkeit', `Reichweitenmessung der Website ${f.domain} mit Spur`],
          [
            'Verantwortlicher',
            '[Name und Kontaktdaten des Verantwortlichen und des Datenschutzbeauftragten]',
          ],
          [
            'Zweck',
            'Anonyme Statistik über die Nutzung der Website, um Inhalte und Reichweite zu verbessern',
          ],
          [
            'Rechtsgrundlage',
            'Art. 6 Abs. 1 lit. f DSGVO (berechtigtes Interesse); § 25 TDDDG: auf dem Endgerät wird nichts gespeichert oder ausgelesen',
          ],
          ['Betroffene Personen', `Besucher von ${f.domain}`],
          ['Empfänger', 'Keine; nur befugte Mitarbeiter des Verantwortlichen sehen die Statistik'],
          ['Übermittlung in Drittländer', 'Keine'],
          [
            'Löschfristen',
            `Rohdaten (Ereignisse und Besuche): ${f.retentionMonths} Monate, automatisch gelöscht; Tages-Salt: ${f.saltHours} Stunden`,
          ],
          [
            'Kundengruppen',
            f.segmentsEnabled
              ? `Nur als Gruppenkennzeichen; k-Anonymitäts-Schwelle ${f.kAnonymity}`
              : 'Nicht genutzt',
          ],
          [
            'Datenschutzsignale (GPC, DNT)',
            f.honourPrivacySignals ? 'Beachtet: es wird nichts gesendet' : 'Nicht ausgewertet',
          ],
        ],
      },
      { kind: 'h2', text: 'Kategorien personenbezogener Daten' },
      { kind: 'ul', items: dataCategories(f, 'de') },
      { kind: 'h2', text: 'Technische und organisatorische Maßnahmen (Art. 32 DSGVO)' },
      { kind: 'ul', items: measures(f, 'de') },
    ],
  }
}
