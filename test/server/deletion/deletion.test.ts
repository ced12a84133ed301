import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runDueDeletions, GRACE_MS } from '../../../server/deletion'
import { saveGoal } from '../../../server/goals/goals'
import { updateCustomerKeys } from '../../../server/segments/customer-keys'
import { createSite, getSiteById } from '../../../server/sites/sites'
import { createTestApp, type TestApp } from '../../helpers/app'
import { addSite, addUser, enableTwoFactor, totpCode } from '../../helpers/accounts-users'
import { insertEvents } from '../../helpers/privacy-seed'

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0)
const DAY = 24 * 3600_000

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ now: NOW })
  // A rollup another part of Spur could add later: found through its site_id column.
  await t.services.deps.store.writer.command(
    `CREATE TABLE IF NOT EXISTS test_daily_rollup (site_id UInt32, day Date, visitors UInt64)
     ENGINE = SummingMergeTree ORDER BY (site_id, day)`,
  )
})
afterAll(() => t.cleanup())

async function count(table: string, siteId: number): Promise<number> {
  const rows = await t.services.deps.store.reader.query<{ n: string | number }>(
    'test',
    `SELECT count() AS n FROM ${table} WHERE site_id = {site:UInt32}`,
    { site: siteId },
  )
  return Number(rows[0]?.n)
}

const counts = async (siteId: number) => ({
  events: await count('events', siteId),
  sessions: await count('sessions', siteId),
  rollup: await count('test_daily_rollup', siteId),
})

async function seed(siteId: number, times: number[]) {
  await insertEvents(
    t.services.deps.store,
    times.map((timestamp) => ({ siteId, timestamp })),
  )
  await t.services.deps.store.writer.insert(
    'test_daily_rollup',
    times.map((ts) => ({
      site_id: siteId,
      day: new Date(ts).toISOString().slice(0, 10),
      visitors: 1,
    })),
  )
}

async function ownerWithSite() {
  const owner = await addUser(t)
  const site = await addSite(t, owner.user.id)
  // Sessions end during a 30-day grace period, so requests log in afresh.
  return { owner, site, headers: await owner.login() }
}

/**
 * Schedules the erasure of local days `from`–`to` through the API, lets the grace period pass
 * and runs it. Returns the scheduled deletion and the event times left, in order.
 */
async function eraseDays(
  owner: Awaited<ReturnType<typeof addUser>>,
  domain: string,
  siteId: number,
  from: string,
  to: string,
) {
  const res = await t.request(
    'POST',
    `/api/sites/${domain}/deletions`,
    { kind: 'range', from, to, password: owner.password },
    await owner.login(),
  )
  expect(res.status).toBe(201)
  const { deletion } = (await res.json()) as { deletion: Record<string, unknown> }
  t.clock.advance(GRACE_MS)
  await runDueDeletions(t.services.deps)
  const left = await t.services.deps.store.reader.query<{ ts: string | number }>(
    'test',
    'SELECT toUnixTimestamp64Milli(timestamp) AS ts FROM events WHERE site_id = {site:UInt32} ORDER BY ts',
    { site: siteId },
  )
  return { deletion, left: left.map((r) => Number(r.ts)) }
}

interface DeletionJson {
  id: string
  status: string
  dueAt: number
  kind: string
}

describe('safe deletion', () => {
  test('scheduled, cancellable, and after the grace period the data is gone', async () => {
    const { owner, site } = await ownerWithSite()
    const other = await ownerWithSite()
    const times = [NOW - 40 * DAY, NOW - 3 * DAY, NOW - DAY]
    await seed(site.id, times)
    await seed(other.site.id, times)
    expect(await counts(site.id)).toEqual({ events: 3, sessions: 3, rollup: 3 })

    const wrong = await t.request(
      'POST',
      `/api/sites/${site.domain}/deletions`,
      { kind: 'site_data', password: 'not my password' },
      await owner.login(),
    )
    expect(wrong.status).toBe(403)

    const res = await t.request(
      'POST',
      `/api/sites/${site.domain}/deletions`,
      { kind: 'site_data', password: owner.password },
      await owner.login(),
    )
    expect(res.status).toBe(201)
    const { deletion } = (await res.json()) as { deletion: DeletionJson }
    expect(deletion).toMatchObject({
      kind: 'site_data',
      status: 'scheduled',
      dueAt: t.clock.now() + GRACE_MS,
    })

    // A second one, cancelled during the grace period, never runs.
    t.clock.advance(DAY)
    expect(await runDueDeletions(t.services.deps)).toBe(0)
    const cancel = await t.request(
      'DELETE',
      `/api/sites/${site.domain}/deletions/${deletion.id}`,
      undefined,
      await owner.login(),
    )
    expect(((await cancel.json()) as { deletion: DeletionJson }).deletion.status).toBe('cancelled')
    t.clock.advance(GRACE_MS)
    expect(await runDueDeletions(t.services.deps)).toBe(0)
    expect(await counts(site.id)).toEqual({ events: 3, sessions: 3, rollup: 3 })
    expect(
      (
        await t.request(
          'DELETE',
          `/api/sites/${site.domain}/deletions/${deletion.id}`,
          undefined,
          await owner.login(),
        )
      ).status,
    ).toBe(409)

    const again = await t.request(
      'POST',
      `/api/sites/${site.domain}/deletions`,
      { kind: 'site_data', password: owner.password },
      await owner.login(),
    )
    const scheduled = ((await again.json()) as { deletion: DeletionJson }).deletion
    t.clock.advance(GRACE_MS - 1)
    expect(await runDueDeletions(t.services.deps)).toBe(0)
    expect(await counts(site.id)).toEqual({ events: 3, sessions: 3, rollup: 3 })
    t.clock.advance(1)
    expect(await runDueDeletions(t.services.deps)).toBe(1)
    expect(await counts(site.id)).toEqual({ events: 0, sessions: 0, rollup: 0 })
    expect(await counts(other.site.id)).toEqual({ events: 3, sessions: 3, rollup: 3 })
    // The site itself and its members stay; only its data went.
    expect((await getSiteById(t.services.deps.store, site.id))?.domain).toBe(site.domain)
    const list = (await (
      await t.request('GET', `/api/sites/${site.domain}/deletions`, undefined, await owner.login())
    ).json()) as {
      deletions: Array<DeletionJson & { result: string; finishedAt: number }>
    }
    expect(list.deletions.map((d) => [d.id, d.status])).toEqual([
      [scheduled.id, 'done'],
      [deletion.id, 'cancelled'],
    ])
    expect(JSON.parse(list.deletions[0]?.result ?? '{}')).toMatchObject({
      tables: expect.arrayContaining(['events', 'sessions', 'test_daily_rollup']) as unknown,
      skipped: [],
    })
    // Nothing left on disk either: the mutation rewrote the parts.
    const parts = await t.services.deps.store.reader.query<{ n: string | number }>(
      'test',
      `SELECT count() AS n FROM system.mutations WHERE database = currentDatabase() AND is_done = 0`,
    )
    expect(Number(parts[0]?.n)).toBe(0)
    const audit = (await (
      await t.request('GET', `/api/sites/${site.domain}/audit`, undefined, await owner.login())
    ).json()) as {
      entries: Array<{ action: string }>
    }
    expect(audit.entries.map((e) => e.action)).toEqual([
      'deletion_done',
      'deletion_scheduled',
      'deletion_cancelled',
      'deletion_scheduled',
    ])
  })

  test('a date range is erased in the site time zone; the days around it stay', async () => {
    const { owner, site } = await ownerWithSite()
    const berlin = (iso: string) => Date.parse(iso)
    await seed(site.id, [
      berlin('2026-02-28T22:30:00Z'), // 28 Feb 23:30 in Berlin: stays
      berlin('2026-02-28T23:30:00Z'), // 1 Mar 00:30 in Berlin: goes
      berlin('2026-03-31T21:30:00Z'), // 31 Mar 23:30 (summer time): goes
      berlin('2026-03-31T22:30:00Z'), // 1 Apr 00:30: stays
    ])
    const { deletion, left } = await eraseDays(
      owner,
      site.domain,
      site.id,
      '2026-03-01',
      '2026-03-31',
    )
    expect(deletion).toMatchObject({
      kind: 'range',
      from: berlin('2026-02-28T23:00:00Z'),
      to: berlin('2026-03-31T22:00:00Z'),
    })
    expect(left).toEqual([berlin('2026-02-28T22:30:00Z'), berlin('2026-03-31T22:30:00Z')])
  })

  test('a day whose midnight does not exist (Santiago, spring forward) starts at 01:00', async () => {
    const owner = await addUser(t)
    const site = await createSite(
      t.services.deps.store,
      {
        domain: `santiago-${Date.now()}.example`,
        timezone: 'America/Santiago',
        ownerId: owner.user.id,
      },
      t.clock.now(),
    )
    const utc = (iso: string) => Date.parse(iso)
    // On 6 Sep 2026 Santiago's clocks go from 00:00 (UTC-4) straight to 01:00 (UTC-3).
    await seed(site.id, [
      utc('2026-09-06T03:30:00Z'), // 5 Sep 23:30: stays
      utc('2026-09-06T04:30:00Z'), // 6 Sep 01:30: goes
      utc('2026-09-07T02:30:00Z'), // 6 Sep 23:30: goes
      utc('2026-09-07T03:30:00Z'), // 7 Sep 00:30: stays
    ])
    const { deletion, left } = await eraseDays(
      owner,
      site.domain,
      site.id,
      '2026-09-06',
      '2026-09-06',
    )
    expect(deletion).toMatchObject({
      from: utc('2026-09-06T04:00:00Z'),
      to: utc('2026-09-07T03:00:00Z'),
    })
    expect(left).toEqual([utc('2026-09-06T03:30:00Z'), utc('2026-09-07T03:30:00Z')])
  })

  test('shortening retention: scheduled, then the setting changes and older data goes', async () => {
    const { owner, site } = await ownerWithSite()
    const now = t.clock.now()
    await seed(site.id, [now - 400 * DAY, now - 200 * DAY, now - 100 * DAY, now - DAY])
    const longer = await t.request(
      'POST',
      `/api/sites/${site.domain}/deletions`,
      { kind: 'retention', retentionMonths: 30, password: owner.password },
      await owner.login(),
    )
    expect(longer.status).toBe(400)
    const res = await t.request(
      'POST',
      `/api/sites/${site.domain}/deletions`,
      { kind: 'retention', retentionMonths: 6, password: owner.password },
      await owner.login(),
    )
    expect(res.status).toBe(201)
    const dup = await t.request(
      'POST',
      `/api/sites/${site.domain}/deletions`,
      { kind: 'retention', retentionMonths: 3, password: owner.password },
      await owner.login(),
    )
    expect(dup.status).toBe(409)
    expect((await getSiteById(t.services.deps.store, site.id))?.settings.retentionMonths).toBe(25)
    t.clock.advance(GRACE_MS)
    await runDueDeletions(t.services.deps)
    expect((await getSiteById(t.services.deps.store, site.id))?.settings.retentionMonths).toBe(6)
    // Six months before the run (30 days after scheduling): the 200- and 400-day-old rows go.
    expect(await counts(site.id)).toEqual({ events: 2, sessions: 2, rollup: 2 })
  })

  test('with 2FA on, scheduling needs the code as well', async () => {
    const { owner, site, headers } = await ownerWithSite()
    const { secret } = await enableTwoFactor(t, headers, owner.password)
    const path = `/api/sites/${site.domain}/deletions`
    const noCode = await t.request(
      'POST',
      path,
      { kind: 'site', password: owner.password },
      headers,
    )
    expect(noCode.status).toBe(403)
    expect(await noCode.json()).toEqual({
      error: 'code: enter the code from your authenticator app',
      field: 'code',
      twoFactorRequired: true,
    })
    t.clock.advance(30_000)
    const ok = await t.request(
      'POST',
      path,
      { kind: 'site', password: owner.password, code: totpCode(secret, t.clock.now()) },
      headers,
    )
    expect(ok.status).toBe(201)
    t.clock.advance(GRACE_MS)
    await runDueDeletions(t.services.deps)
    expect(await getSiteById(t.services.deps.store, site.id)).toBeUndefined()
    expect(
      (await t.request('GET', `/api/sites/${site.domain}`, undefined, await t.login())).status,
    ).toBe(404)
  })

  test('deleting a site removes its goals, segments and kept customer-key hashes too', async () => {
    const { owner, site, headers } = await ownerWithSite()
    const store = t.services.deps.store
    await saveGoal(
      store,
      site.id,
      { kind: 'page', eventName: '', pagePath: '/thanks', displayName: 'Thanks', currency: '' },
      t.clock.now(),
    )
    const customer = {
      line: 2,
      lines: [2],
      customerId: 'K-1001',
      company: '',
      name: 'Erika Mustermann',
      email: 'erika@example.com',
      phone: undefined,
      postcode: '10115',
      revenueCents: 120_000,
      tags: [],
    }
    await updateCustomerKeys(
      store,
      t.services.deps.secretKey,
      site.id,
      [{ customer, abc: 'A' }],
      t.clock.now(),
    )
    const rows = async () => ({
      goals: await count('goals', site.id),
      customerKeys: await count('segment_customer_keys', site.id),
      members: await count('site_members', site.id),
    })
    expect(await rows()).toEqual({ goals: 1, customerKeys: 1, members: 1 })
    const res = await t.request(
      'POST',
      `/api/sites/${site.domain}/deletions`,
      { kind: 'site', password: owner.password },
      headers,
    )
    expect(res.status).toBe(201)
    t.clock.advance(GRACE_MS)
    await runDueDeletions(t.services.deps)
    expect(await getSiteById(store, site.id)).toBeUndefined()
    expect(await rows()).toEqual({ goals: 0, customerKeys: 0, members: 0 })
  })

  test.each([
    [{ kind: 'range', from: '2026-03-31', to: '2026-03-01' }, 'to: must be after from'],
    [{ kind: 'range', from: '2026-02-30', to: '2026-03-01' }, 'from: must be a real calendar date'],
    [
      { kind: 'range', from: "2026-01-01' OR 1=1", to: '2026-03-01' },
      'from: must be a date such as 2026-01-31',
    ],
    [{ kind: 'everything' }, 'kind: '],
    [{ kind: 'retention', retentionMonths: 0 }, 'retentionMonths: '],
  ])('%j → 400 %s', async (body, message) => {
    const { owner, site } = await ownerWithSite()
    const res = await t.request(
      'POST',
      `/api/sites/${site.domain}/deletions`,
      { ...body, password: owner.password },
      await owner.login(),
    )
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toContain(message)
  })
})
