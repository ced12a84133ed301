import { createServer, type Server } from 'node:net'

export interface ReceivedMail {
  from: string
  to: string
  /** Headers and the decoded text body. */
  headers: Record<string, string>
  subject: string
  text: string
}

const REPLIES: Record<string, string> = {
  EHLO: '250-fake\r\n250 8BITMIME\r\n',
  MAIL: '250 ok\r\n',
  RCPT: '250 ok\r\n',
  DATA: '354 go on\r\n',
  QUIT: '221 bye\r\n',
}

/** A minimal SMTP server on 127.0.0.1 that accepts every message and keeps it. */
export async function startFakeSmtp(): Promise<{
  port: number
  mails: ReceivedMail[]
  close(): Promise<void>
}> {
  const mails: ReceivedMail[] = []
  const server: Server = createServer((socket) => {
    let buffer = ''
    let data: string | undefined
    let from = ''
    let to = ''
    socket.write('220 fake ESMTP\r\n')
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8')
      for (;;) {
        if (data !== undefined) {
          const end = buffer.indexOf('\r\n.\r\n')
          if (end < 0) return
          data += buffer.slice(0, end)
          buffer = buffer.slice(end + 5)
          mails.push(parse(from, to, data))
          data = undefined
          socket.write('250 queued\r\n')
          continue
        }
        const i = buffer.indexOf('\r\n')
        if (i < 0) return
        const line = buffer.slice(0, i)
        buffer = buffer.slice(i + 2)
        const verb = line.slice(0, 4).toUpperCase()
        if (verb === 'MAIL') from = line.slice(10)
        if (verb === 'RCPT') to = line.slice(8)
        if (verb === 'DATA') data = ''
        socket.write(REPLIES[verb] ?? '502 not here\r\n')
        if (verb === 'QUIT') socket.end()
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    port,
    mails,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

function parse(from: string, to: string, raw: string): ReceivedMail {
  const [head = '', body = ''] = raw.split('\r\n\r\n')
  const headers: Record<string, string> = {}
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':')
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim()
  }
  const subject = /^=\?UTF-8\?B\?(.*)\?=$/.exec(headers.subject ?? '')?.[1]
  return {
    from,
    to,
    headers,
    subject: subject ? Buffer.from(subject, 'base64').toString('utf8') : (headers.subject ?? ''),
    text: Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8'),
  }
}
