import { ConnectionPool, collectRequest, type Reply } from './client'
import type { Traffic } from './traffic'

export interface LoadResult {
  sent: number
  /** 202 without a drop reason: stored. */
  acknowledged: number
  dropped: number
  /** Anything else (400, 429, 503, network errors as 0), counted by status. */
  failed: number
  failures: Record<number, number>
  seconds: number
  latenciesMs: number[]
}

const PATH = '/api/event'

function post(pool: ConnectionPool, body: string, ip: string, ua: string): Promise<Reply> {
  return pool.request(collectRequest(PATH, body, ip, ua))
}

function tally(result: LoadResult, r: Reply) {
  if (r.status === 202 && !r.dropped) result.acknowledged++
  else if (r.status === 202) result.dropped++
  else {
    result.failed++
    result.failures[r.status] = (result.failures[r.status] ?? 0) + 1
  }
}

/** As fast as `concurrency` clients can go, for `seconds`: the peak rate. */
export async function closedLoop(
  port: number,
  traffic: Traffic,
  concurrency: number,
  seconds: number,
) {
  const pool = new ConnectionPool(port, concurrency)
  const result: LoadResult = {
    sent: 0,
    acknowledged: 0,
    dropped: 0,
    failed: 0,
    failures: {},
    seconds,
    latenciesMs: [],
  }
  const end = performance.now() + seconds * 1000
  const worker = async () => {
    while (performance.now() < end) {
      const { body, visitor } = traffic.next()
      result.sent++
      const t = performance.now()
      tally(result, await post(pool, body, visitor.ip, visitor.ua))
      result.latenciesMs.push(performance.now() - t)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  pool.destroy()
  return result
}

/** A steady `rate` per second for `seconds`, latency measured from the planned send time. */
export async function openLoop(port: number, traffic: Traffic, rate: number, seconds: number) {
  const pool = new ConnectionPool(port, 256)
  const result: LoadResult = {
    sent: 0,
    acknowledged: 0,
    dropped: 0,
    failed: 0,
    failures: {},
    seconds,
    latenciesMs: [],
  }
  const start = performance.now()
  const total = Math.round(rate * seconds)
  const pending: Array<Promise<void>> = []
  while (result.sent < total) {
    const due = start + (result.sent / rate) * 1000
    const wait = due - performance.now()
    if (wait > 1) await new Promise((r) => setTimeout(r, wait))
    const { body, visitor } = traffic.next()
    result.sent++
    pending.push(
      post(pool, body, visitor.ip, visitor.ua).then((r) => {
        tally(result, r)
        result.latenciesMs.push(performance.now() - due)
      }),
    )
  }
  await Promise.all(pending)
  pool.destroy()
  return result
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}
