import { useState } from 'preact/hooks'
import { ApiError } from '../api'
import { useT } from '../i18n'
import { setLinking } from './api'

const dict = {
  en: {
    title: 'Segment linking',
    on: 'On: visits that arrive through a campaign link, or carry a segment name from your site, are counted under that segment.',
    off: 'Off: campaign tokens and segment names sent by the tracker are ignored. Nothing is linked.',
    legalTitle: 'What turning it on means',
    legal1:
      'Spur then labels a visit with a customer group when the visitor arrives through one of your campaign links, or when your site names the group of a logged-in customer. Only the group name is stored, on that one visit — never who the person is, and not across visits or days. Nothing is stored on the visitor’s device.',
    legal2:
      'Linking visits to customer groups still processes personal data of your customers. You need a legal basis: usually legitimate interest (Art. 6(1)(f) GDPR), written down in a short legitimate-interest assessment; for logged-in customers, or where the assessment is not clear-cut, ask for consent.',
    legal3:
      'Add it to your record of processing activities (Art. 30 GDPR): purpose “measuring how customer groups use the website”, data “customer group per visit”, retention as set for this site. Mention it in your privacy notice, for example where you describe the newsletter.',
    legal4: 'Groups with fewer than {k} visitors are never shown on their own.',
    ack: 'I have documented the legal basis and the entry in the record of processing activities.',
    turnOn: 'Turn segment linking on',
    turnOff: 'Turn segment linking off',
    viewerOn: 'Segment linking is on for this site.',
    viewerOff: 'Segment linking is off for this site.',
  },
  de: {
    title: 'Segment-Verknüpfung',
    on: 'An: Besuche über einen Kampagnenlink oder mit einem Segmentnamen Ihrer Website werden diesem Segment zugerechnet.',
    off: 'Aus: Kampagnen-Tokens und Segmentnamen vom Tracker werden ignoriert. Nichts wird verknüpft.',
    legalTitle: 'Was das Einschalten bedeutet',
    legal1:
      'Spur ordnet dann einen Besuch einer Kundengruppe zu, wenn jemand über einen Ihrer Kampagnenlinks kommt oder Ihre Website die Gruppe eines angemeldeten Kunden angibt. Gespeichert wird nur der Gruppenname, an diesem einen Besuch – nie, wer die Person ist, und nicht über Besuche oder Tage hinweg. Auf dem Gerät der Besucher wird nichts gespeichert.',
    legal2:
      'Auch so verarbeiten Sie personenbezogene Daten Ihrer Kunden, wenn Sie Besuche Kundengruppen zuordnen. Sie brauchen eine Rechtsgrundlage: meist berechtigtes Interesse (Art. 6 Abs. 1 lit. f DSGVO), festgehalten in einer kurzen Interessenabwägung; bei angemeldeten Kunden oder wenn die Abwägung nicht eindeutig ist, holen Sie eine Einwilligung ein.',
    legal3:
      'Tragen Sie die Verarbeitung in Ihr Verzeichnis von Verarbeitungstätigkeiten ein (Art. 30 DSGVO): Zweck „Messen, wie Kundengruppen die Website nutzen“, Daten „Kundengruppe je Besuch“, Speicherdauer wie für diese Website eingestellt. Erwähnen Sie es in Ihrer Datenschutzerklärung, etwa dort, wo Sie den Newsletter beschreiben.',
    legal4: 'Gruppen mit weniger als {k} Besuchern werden nie einzeln angezeigt.',
    ack: 'Ich habe die Rechtsgrundlage und den Eintrag im Verzeichnis von Verarbeitungstätigkeiten dokumentiert.',
    turnOn: 'Segment-Verknüpfung einschalten',
    turnOff: 'Segment-Verknüpfung ausschalten',
    viewerOn: 'Die Segment-Verknüpfung ist für diese Website an.',
    viewerOff: 'Die Segment-Verknüpfung ist für diese Website aus.',
  },
}

/** The per-site switch; turning it on shows the legal meaning and asks for confirmation. */
export function LinkingCard(props: {
  domain: string
  enabled: boolean
  admin: boolean
  k: number
  changed: () => void
}) {
  const t = useT(dict)
  const [ack, setAck] = useState(false)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const toggle = async (enabled: boolean) => {
    setBusy(true)
    setError('')
    try {
      await setLinking(props.domain, enabled, ack)
      props.changed()
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }
  if (!props.admin)
    return (
      <section class="card" aria-labelledby="seg-linking">
        <h2 id="seg-linking">{t('title')}</h2>
        <p>{props.enabled ? t('viewerOn') : t('viewerOff')}</p>
      </section>
    )
  return (
    <section class="card" aria-labelledby="seg-linking">
      <h2 id="seg-linking">{t('title')}</h2>
      <p data-testid="linking-state">{props.enabled ? t('on') : t('off')}</p>
      {props.enabled ? (
        <button type="button" class="btn" disabled={busy} onClick={() => void toggle(false)}>
          {t('turnOff')}
        </button>
      ) : (
        <>
          <div class="legal">
            <h3>{t('legalTitle')}</h3>
            <p>{t('legal1')}</p>
            <p>{t('legal2')}</p>
            <p>{t('legal3')}</p>
            <p>{t('legal4', { k: props.k })}</p>
          </div>
          <label class="check">
            <input
              type="checkbox"
              checked={ack}
              onChange={(e) => setAck(e.currentTarget.checked)}
            />
            {t('ack')}
          </label>
          <div class="actions">
            <button
              type="button"
              class="btn btn-primary"
              disabled={!ack || busy}
              onClick={() => void toggle(true)}
            >
              {t('turnOn')}
            </button>
          </div>
        </>
      )}
      {error && (
        <p class="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}
