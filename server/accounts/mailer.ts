import { randomUUID } from 'node:crypto'
import { connect as netConnect, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'

export interface Mail {
  to: string
  subject: string
  text: string
}

/** Sends mail through the SMTP server of SMTP_URL. */
export interface Mailer {
  send(mail: Mail): Promise<void>
}

const TIMEOUT_MS = 30_000

/**
 * A mailer for `smtp://[user:password@]host[:587]` (STARTTLS when the server offers it, and
 * required before a password is sent) or `smtps://…[:465]` (TLS from the start). Undefined
 * when SMTP is not configured: links are then only shown to copy.
 */
export function createMailer(smtpUrl: string | undefined, from: string): Mailer | undefined {
  if (!smtpUrl) return undefined
  const url = new URL(smtpUrl)
  const secure = url.protocol === 'smtps:'
  const options = {
    host: url.hostname,
    port: Number(url.port || (secure ? 465 : 587)),
    secure,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  }
  return { send: (mail) => deliver(options, from, mail) }
}

interface SmtpOptions {
  host: string
  port: number
  secure: boolean
  user: string
  password: string
}

/** One SMTP conversation: reads multi-line replies (RFC 5321 §4.2) and sends commands. */
class Conversation {
  private buffer = ''
  private pending: Array<{ resolve: (r: string[]) => void; reject: (e: Error) => void }> = []
  private lines: string[] = []
  private failed: Error | undefined

  constructor(public socket: Socket) {
    this.attach(socket)
  }

  attach(socket: Socket) {
    this.socket = socket
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error('the mail server did not answer')))
    socket.on('data', (chunk: Buffer) => this.onData(chunk.toString('utf8')))
    socket.on('error', (e) => this.fail(e))
    socket.on('close', () => this.fail(new Error('the mail server closed the connection')))
  }

  private onData(text: string) {
    this.buffer += text
    let i: number
    while ((i = this.buffer.indexOf('\r\n')) >= 0) {
      const line = this.buffer.slice(0, i)
      this.buffer = this.buffer.slice(i + 2)
      this.lines.push(line)
      // "250-…" continues a reply, "250 …" ends it.
      if (line[3] !== '-') {
        const reply = this.lines
        this.lines = []
        this.pending.shift()?.resolve(reply)
      }
    }
  }

  private fail(e: Error) {
    this.failed ??= e
    for (const p of this.pending.splice(0)) p.reject(e)
  }

  reply(expect: number): Promise<string[]> {
    if (this.failed) return Promise.reject(this.failed)
    return new Promise<string[]>((resolve, reject) => this.pending.push({ resolve, reject })).then(
      (lines) => {
        const code = Number(lines[lines.length - 1]?.slice(0, 3))
        if (Math.floor(code / 100) !== Math.floor(expect / 100))
          throw new Error(`the mail server answered: ${lines.join(' ')}`)
        return lines
      },
    )
  }

  command(line: string, expect: number): Promise<string[]> {
    const answer = this.reply(expect)
    this.socket.write(line + '\r\n')
    return answer
  }
}

function open(options: SmtpOptions): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = options.secure
      ? tlsConnect({ host: options.host, port: options.port, servername: options.host })
      : netConnect({ host: options.host, port: options.port })
    socket.once(options.secure ? 'secureConnect' : 'connect', () => resolve(socket))
    socket.once('error', reject)
  })
}

async function deliver(options: SmtpOptions, from: string, mail: Mail): Promise<void> {
  const envelopeFrom = /<([^>]+)>/.exec(from)?.[1] ?? from
  const c = new Conversation(await open(options))
  try {
    await c.reply(220)
    let ehlo = await c.command('EHLO spur', 250)
    if (!options.secure && ehlo.some((l) => /^250[ -]STARTTLS/i.test(l))) {
      await c.command('STARTTLS', 220)
      const plain = c.socket
      plain.removeAllListeners('data')
      plain.removeAllListeners('close')
      const secured = tlsConnect({ socket: plain, servername: options.host })
      await new Promise((resolve, reject) => {
        secured.once('secureConnect', resolve)
        secured.once('error', reject)
      })
      c.attach(secured)
      ehlo = await c.command('EHLO spur', 250)
    } else if (!options.secure && options.user) {
      throw new Error('the mail server offers no STARTTLS; use smtps:// or a local relay')
    }
    if (options.user) {
      const token = Buffer.from(`\0${options.user}\0${options.password}`).toString('base64')
      await c.command(`AUTH PLAIN ${token}`, 235)
    }
    await c.command(`MAIL FROM:<${envelopeFrom}>`, 250)
    await c.command(`RCPT TO:<${mail.to}>`, 250)
    await c.command('DATA', 354)
    await c.command(`${message(from, mail)}\r\n.`, 250)
    await c.command('QUIT', 221).catch(() => undefined)
  } finally {
    c.socket.destroy()
  }
}

/** The message: UTF-8 text, base64 encoded, so no line needs dot-stuffing (RFC 5321 §4.5.2). */
export function message(from: string, mail: Mail): string {
  for (const v of [from, mail.to, mail.subject])
    if (/[\r\n]/.test(v)) throw new Error('mail headers must not contain line breaks')
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'localhost'
  const body = Buffer.from(mail.text.replace(/\r?\n/g, '\r\n'), 'utf8').toString('base64')
  return [
    `From: ${from}`,
    `To: <${mail.to}>`,
    `Subject: =?UTF-8?B?${Buffer.from(mail.subject, 'utf8').toString('base64')}?=`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${randomUUID()}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    ...(body.match(/.{1,76}/g) ?? []),
  ].join('\r\n')
}
