import { connect, type Socket } from 'node:net'

/** What the benchmark needs of an answer: its status and whether Spur named a drop reason. */
export interface Reply {
  /** 0 when the connection failed before an answer came. */
  status: number
  dropped: boolean
}

interface Job {
  bytes: Buffer
  done: (reply: Reply) => void
}

const HEAD_END = Buffer.from('\r\n\r\n')
const LAST_CHUNK = Buffer.from('0\r\n\r\n')

/**
 * One keep-alive HTTP/1.1 connection with one request at a time, as a browser sends them.
 * It reads only what the benchmark needs (status, `X-Spur-Dropped`, the body's length), so
 * the load it generates costs a few µs per request and the servers, not the client, set the
 * rates. Node's own HTTP client costs several times as much per request; on two cores it
 * held the bare server to about a third of its rate.
 */
class Connection {
  private readonly socket: Socket
  private pending: Buffer = Buffer.alloc(0)
  private job: Job | undefined
  /** Length of the whole answer once its head is read; -1 before. */
  private length = -1
  private chunked = false
  private reply: Reply = { status: 0, dropped: false }

  constructor(
    port: number,
    private readonly onIdle: (c: Connection) => void,
    private readonly onClosed: (c: Connection) => void,
  ) {
    this.socket = connect(port, '127.0.0.1')
    this.socket.setNoDelay(true)
    this.socket.on('data', (data: Buffer) => this.read(data))
    this.socket.on('error', () => this.socket.destroy())
    this.socket.on('close', () => {
      this.onClosed(this)
      this.finish({ status: 0, dropped: false })
    })
  }

  send(job: Job): void {
    this.job = job
    this.socket.write(job.bytes)
  }

  close(): void {
    this.socket.destroy()
  }

  private finish(reply: Reply) {
    const job = this.job
    this.job = undefined
    job?.done(reply)
  }

  private read(data: Buffer) {
    this.pending = this.pending.length === 0 ? data : Buffer.concat([this.pending, data])
    if (this.length < 0) {
      const end = this.pending.indexOf(HEAD_END)
      if (end < 0) return
      const head = this.pending.toString('latin1', 0, end).toLowerCase()
      this.reply = {
        status: Number(head.slice(9, 12)) || 0,
        dropped: head.includes('\r\nx-spur-dropped:'),
      }
      const declared = /\r\ncontent-length: *(\d+)/.exec(head)
      this.chunked = !declared && head.includes('\r\ntransfer-encoding: chunked')
      this.length = end + HEAD_END.length + (declared ? Number(declared[1]) : 0)
    }
    if (this.chunked) {
      // The benchmark's answers are short: the body ends at the zero-length chunk.
      const last = this.pending.indexOf(LAST_CHUNK, this.length)
      if (last < 0) return
      this.length = last + LAST_CHUNK.length
    }
    if (this.pending.length < this.length) return
    this.pending = this.pending.subarray(this.length)
    this.length = -1
    this.finish(this.reply)
    this.onIdle(this)
  }
}

/** Up to `max` connections to 127.0.0.1:`port`; a request waits for a free one. */
export class ConnectionPool {
  private readonly idle: Connection[] = []
  private readonly open = new Set<Connection>()
  private readonly waiting: Job[] = []

  constructor(
    private readonly port: number,
    private readonly max: number,
  ) {}

  request(bytes: Buffer): Promise<Reply> {
    return new Promise((done) => {
      const job = { bytes, done }
      const free = this.idle.pop()
      if (free) return free.send(job)
      if (this.open.size < this.max) {
        const c = new Connection(
          this.port,
          (x) => this.release(x),
          (x) => this.forget(x),
        )
        this.open.add(c)
        return c.send(job)
      }
      this.waiting.push(job)
    })
  }

  destroy(): void {
    for (const c of this.open) c.close()
  }

  private release(c: Connection) {
    const next = this.waiting.shift()
    if (next) c.send(next)
    else this.idle.push(c)
  }

  private forget(c: Connection) {
    this.open.delete(c)
    const i = this.idle.indexOf(c)
    if (i >= 0) this.idle.splice(i, 1)
    // A request waiting for a connection gets a new one rather than waiting for ever.
    const next = this.waiting.shift()
    if (next) void this.request(next.bytes).then(next.done)
  }
}

/** A collect request as a tracker sends it (text/plain, no preflight) from `ip` with `ua`. */
export function collectRequest(path: string, body: string, ip: string, ua: string): Buffer {
  return Buffer.from(
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nUser-Agent: ${ua}\r\n` +
      `X-Forwarded-For: ${ip}\r\n\r\n${body}`,
  )
}
