import { randomBytes } from 'node:crypto'
import type { Store } from '../store'

const DAY = 86_400_000

/** The UTC day number (days since the epoch) of a moment. */
export const dayOf = (ms: number) => Math.floor(ms / DAY)
const isoDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10)

/**
 * Daily salts for the visitor hash, kept in the salts table so that every collector shares
 * them. The salt of a day is made by the first hit of that day (16 random bytes); then the
 * salts of days before yesterday are deleted, so no salt lives longer than 48 hours and a
 * visitor hash can never be recomputed after that.
 */
export class Salts {
  private readonly cache = new Map<number, Buffer>()
  private pending: Promise<void> | undefined
  private readonly loaded = new Set<number>()

  constructor(private readonly store: Store) {}

  /** Today's salt and yesterday's (when it still exists), for the moment `now`. */
  async get(now: number): Promise<{ current: Buffer; previous: Buffer | undefined }> {
    const today = dayOf(now)
    if (!this.loaded.has(today)) await this.ensure(today, now)
    const current = this.cache.get(today)
    if (!current) throw new Error(`no salt for ${isoDay(today)}`)
    return { current, previous: this.cache.get(today - 1) }
  }

  private async ensure(today: number, now: number) {
    while (!this.loaded.has(today)) {
      if (this.pending) {
        await this.pending
        continue
      }
      this.pending = this.rotate(today, now).finally(() => {
        this.pending = undefined
      })
      await this.pending
    }
  }

  private async rotate(today: number, now: number) {
    let salts = await this.read(today)
    if (!salts.has(today)) {
      await this.store.writer.insert('salts', [
        { day: isoDay(today), salt: randomBytes(16).toString('base64'), created_at: now },
      ])
      // Read back: if another collector made one too, all agree on the newest (as the table keeps).
      salts = await this.read(today)
    }
    // Days before yesterday: the salt is older than 48 hours at the latest now.
    await this.store.writer.command(
      'ALTER TABLE salts DELETE WHERE day < {keep:Date} SETTINGS mutations_sync = 1',
      { keep: isoDay(today - 1) },
    )
    this.cache.clear()
    for (const [day, salt] of salts) if (day >= today - 1) this.cache.set(day, salt)
    this.loaded.clear()
    this.loaded.add(today)
  }

  private async read(today: number): Promise<Map<number, Buffer>> {
    const rows = await this.store.reader.query<{ d: string; salt: string }>(
      'getSalts',
      `SELECT toString(day) AS d, argMax(salt, created_at) AS salt FROM salts
       WHERE day >= {from:Date} AND day <= {to:Date} GROUP BY day`,
      { from: isoDay(today - 1), to: isoDay(today) },
    )
    return new Map(
      rows.map((r) => [dayOf(Date.parse(`${r.d}T00:00:00Z`)), Buffer.from(r.salt, 'base64')]),
    )
  }
}
