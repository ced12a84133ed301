import { afterAll, beforeAll, expect, test } from 'vitest'
import { getDeletion, GRACE_MS, runDueDeletions } from '../../../server/deletion'
import { createTestApp, type TestApp } from '../../helpers/app'
import { addSite, addUser } from '../../helpers/accounts-users'
import { insertEvents } from '../../helpers/privacy-seed'

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0)
const DAY = 24 * 3600_000

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ now: NOW })
})
afterAll(() => t.cleanup())

async function events(siteId: number): Promise<number> {
  const rows = await t.services.deps.store.reader.query<{ n: string | number }>(
    'test',
    'SELECT count() AS n FROM events WHERE site_id = {site:UInt32}',
    { site: siteId },
  )
  return Number(rows[0]?.n)
}

async function ownerWithSite() {
  const owner = await addUser(t)
  const site = await addSite(t, owner.user.id)
  await insertEvents(
    t.services.deps.store,
    [NOW - 3 * DAY, NOW - DAY].map((timestamp) => ({ siteId: site.id, timestamp })),
  )
  return { owner, site }
}

async function schedule(o: Awaited<ReturnType<typeof ownerWithSite>>, kind = 'site_data') {
  const res = await t.request(
    'POST',
    `/api/sites/${o.site.domain}/deletions`,
    { kind, password: o.owner.password },
    await o.owner.login(),
  )
  expect(res.status).toBe(201)
  return ((await res.json()) as { deletion: { id: string } }).deletion.id
}

/** Logs in first, so that the returned function sends only the cancellation. */
async function canceller(o: Awaited<ReturnType<typeof ownerWithSite>>, id: string) {
  const headers = await o.owner.login()
  return () =>
    t.request('DELETE', `/api/sites/${o.site.domain}/deletions/${id}`, undefined, headers)
}

test('the same deletion asked for three times at once is scheduled once; the others are a 409', async () => {
  for (let round = 0; round < 3; round++) {
    const o = await ownerWithSite()
    const headers = await o.owner.login()
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        t.request(
          'POST',
          `/api/sites/${o.site.domain}/deletions`,
          { kind: 'site_data', password: o.owner.password },
          headers,
        ),
      ),
    )
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409])
    const list = (await (
      await t.request('GET', `/api/sites/${o.site.domain}/deletions`, undefined, headers)
    ).json()) as { deletions: Array<{ status: string }> }
    expect(list.deletions.map((d) => d.status)).toEqual(['scheduled'])
  }
})

test('a deletion cancelled while an earlier due one runs is not carried out', async () => {
  const first = await ownerWithSite()
  const second = await ownerWithSite()
  await schedule(first)
  t.clock.advance(1000)
  const id = await schedule(second)
  t.clock.advance(GRACE_MS)
  const cancel = await canceller(second, id)
  const [, cancelled] = await Promise.all([runDueDeletions(t.services.deps), cancel()])
  expect(cancelled.status).toBe(200)
  expect(await events(first.site.id)).toBe(0)
  expect(await events(second.site.id)).toBe(2)
  expect((await getDeletion(t.services.deps.store, id))?.status).toBe('cancelled')
})

test('a deletion cancelled while it runs: either the cancel is refused or nothing is deleted', async () => {
  const o = await ownerWithSite()
  const id = await schedule(o)
  t.clock.advance(GRACE_MS)
  const cancel = await canceller(o, id)
  const [, cancelled] = await Promise.all([runDueDeletions(t.services.deps), cancel()])
  const status = (await getDeletion(t.services.deps.store, id))?.status
  const outcome = { answer: cancelled.status, status, events: await events(o.site.id) }
  expect([
    { answer: 200, status: 'cancelled', events: 2 },
    { answer: 409, status: 'done', events: 0 },
  ]).toContainEqual(outcome)
})
