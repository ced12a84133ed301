import type { Mail } from './mailer'

// Mails go out in German and English: the recipient's language is not known yet.

/** The invitation mail with its one-time link. */
export function inviteMail(to: string, url: string, invitedBy: string): Mail {
  return {
    to,
    subject: 'Einladung zu Spur / Invitation to Spur',
    text: [
      `${invitedBy} lädt Sie zu Spur ein, der Web-Analyse ohne Cookies.`,
      'Öffnen Sie diesen Link innerhalb von 7 Tagen und wählen Sie ein Passwort:',
      '',
      url,
      '',
      '---',
      '',
      `${invitedBy} invites you to Spur, cookieless web analytics.`,
      'Open this link within 7 days and choose a password:',
      '',
      url,
      '',
      'Wenn Sie diese Einladung nicht erwartet haben, ignorieren Sie diese Nachricht.',
      'If you did not expect this invitation, ignore this message.',
    ].join('\n'),
  }
}

/** The password reset mail with its one-time link. */
export function resetMail(to: string, url: string): Mail {
  return {
    to,
    subject: 'Neues Passwort für Spur / New password for Spur',
    text: [
      'Mit diesem Link setzen Sie innerhalb von 24 Stunden ein neues Passwort für Spur:',
      '',
      url,
      '',
      '---',
      '',
      'Use this link within 24 hours to set a new password for Spur:',
      '',
      url,
      '',
      'Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht; Ihr Passwort bleibt.',
      'If you did not ask for this, ignore this message; your password stays as it is.',
    ].join('\n'),
  }
}
