import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { pagePathPattern } from '../../../server/goals/goals'
import { createSite, setMember } from '../../../server/sites/sites'
import { addSite, addUser } from '../../helpers/accounts-users'
import { createTestApp, type TestApp } from '../../helpers/app'
import { seedHits, type SeedHit } from '../../helpers/seed'
import { postQuery, rowsOf } from '../../helpers/stats-query'

const SITE = 'shop.test'
const T0 = Date.UTC(2026, 10, 20, 9)
const NOW = Date.UTC(2026, 10, 20, 12)
let t: TestApp
let headers: Record<string, string>
let shopId = 0
const hit = (ip: string, path: string, minute: number, extra: Partial<SeedHit> = {}): SeedHit => ({
  domain: SITE,
  url: `https://${SITE}${path}`,
  ip,
  timestamp: T0 + minute * 60_000,
  ...extra,
})

beforeAll(async () => {
  t = await createTestApp({ now: NOW })
  headers = await t.login()
  shopId = (
    await createSite(t.services.deps.store, { domain: SITE, timezone: 'UTC', ownerId: 'o' }, 0)
  ).id
  await seedHits(t.services, [
    // Visitor 1 completes the whole funnel: product → cart → purchase.
    hit('198.51.100.1', '/products/shoe', 0),
    hit('198.51.100.1', '/cart', 1),
    hit('198.51.100.1', '/cart', 2, {
      name: 'Purchase',
      revenue: { amount: '49.90', currency: 'EUR' },
    }),
    // Visitor 2 reaches the cart, then leaves.
    hit('198.51.100.2', '/products/hat', 3),
    hit('198.51.100.2', '/cart', 4),
    // Visitor 3 goes to the cart first and then to a product: out of order, step 1 only.
    hit('198.51.100.3', '/cart', 5),
    hit('198.51.100.3', '/products/hat', 6),
    // Visitor 4 browses one product; visitor 5 reads the blog.
    hit('198.51.100.4', '/products/shoe/reviews', 7),
    hit('198.51.100.5', '/blog', 8),
    // Visitor 6 is on the site at 11:58, two minutes before "now".
    { ...hit('198.51.100.6', '/', 0), timestamp: NOW - 2 * 60_000 },
  ])
})
afterAll(() => t.cleanup())

const base = `/api/sites/${SITE}`
const ids: Record<string, string> = {}

describe('goals', () => {
  test.each([
    ['Products', { kind: 'page', pagePath: '/products/*' }],
    ['Cart', { kind: 'page', pagePath: '/cart' }],
    ['Purchase', { kind: 'event', eventName: 'Purchase', currency: 'EUR' }],
  ])('creates %s', async (displayName, goal) => {
    const res = await t.request('POST', `${base}/goals`, { ...goal, displayName }, headers)
    expect(res.status).toBe(201)
    const { goal: saved } = (await res.json()) as { goal: { id: string; displayName: string } }
    expect(saved.displayName).toBe(displayName)
    ids[displayName] = saved.id
  })

  test.each([
    [{ kind: 'event' }, 'eventName'],
    [{ kind: 'page', pagePath: 'no-slash' }, 'pagePath'],
    [{ kind: 'page', pagePath: '/x', currency: 'EUR' }, 'currency'],
    [{ kind: 'event', eventName: 'X', currency: 'euro' }, 'currency'],
    [{ kind: 'visit', eventName: 'X' }, 'kind'],
  ])('refuses %j naming %s', async (body, field) => {
    const res = await t.request('POST', `${base}/goals`, body, headers)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { field: string }).field).toBe(field)
  })

  test('a duplicate name is a conflict', async () => {
    const res = await t.request(
      'POST',
      `${base}/goals`,
      { kind: 'page', pagePath: '/x', displayName: 'Cart' },
      headers,
    )
    expect(res.status).toBe(409)
  })

  test('lists goals in creation order', async () => {
    const res = await t.request('GET', `${base}/goals`, undefined, headers)
    const { goals } = (await res.json()) as { goals: Array<{ displayName: string; kind: string }> }
    expect(goals.map((g) => [g.displayName, g.kind])).toEqual([
      ['Products', 'page'],
      ['Cart', 'page'],
      ['Purchase', 'event'],
    ])
  })

  test('two requests for the same new name at once: one goal, one conflict', async () => {
    const body = { kind: 'event', eventName: 'Download', displayName: 'Download' }
    const statuses = await Promise.all(
      [1, 2, 3].map(async () => (await t.request('POST', `${base}/goals`, body, headers)).status),
    )
    expect(statuses.sort()).toEqual([201, 409, 409])
    const res = await t.request('GET', `${base}/goals`, undefined, headers)
    const { goals } = (await res.json()) as { goals: Array<{ id: string; displayName: string }> }
    const downloads = goals.filter((g) => g.displayName === 'Download')
    expect(downloads).toHaveLength(1)
    const deleted = await t.request(
      'DELETE',
      `${base}/goals/${downloads[0]!.id}`,
      undefined,
      headers,
    )
    expect(deleted.status).toBe(200)
  })

  test('a goal or funnel made within the same millisecond as the one before can be deleted', async () => {
    // The clock stands still: each new goal is dated a millisecond after the last one.
    const made: string[] = []
    for (const eventName of ['Tmp1', 'Tmp2']) {
      const res = await t.request('POST', `${base}/goals`, { kind: 'event', eventName }, headers)
      made.push(((await res.json()) as { goal: { id: string } }).goal.id)
    }
    const funnel = await t.request(
      'POST',
      `${base}/funnels`,
      { name: 'Tmp', steps: ['Tmp1', 'Tmp2'] },
      headers,
    )
    const funnelId = ((await funnel.json()) as { funnel: { id: string } }).funnel.id
    const again = await t.request(
      'POST',
      `${base}/funnels`,
      { name: 'Tmp again', steps: ['Tmp2', 'Tmp1'] },
      headers,
    )
    const againId = ((await again.json()) as { funnel: { id: string } }).funnel.id
    for (const path of [
      `goals/${made[1]}`,
      `goals/${made[0]}`,
      `funnels/${againId}`,
      `funnels/${funnelId}`,
    ])
      expect((await t.request('DELETE', `${base}/${path}`, undefined, headers)).status).toBe(200)
    const goals = (await (await t.request('GET', `${base}/goals`, undefined, headers)).json()) as {
      goals: Array<{ id: string }>
    }
    expect(goals.goals.filter((g) => made.includes(g.id))).toEqual([])
    const funnels = (await (
      await t.request('GET', `${base}/funnels`, undefined, headers)
    ).json()) as { funnels: unknown[] }
    expect(funnels.funnels).toEqual([])
  })

  test('goal breakdown: * stays within one path segment', async () => {
    const { json } = await postQuery(t, headers, {
      site_id: SITE,
      date_range: 'day',
      metrics: ['visitors', 'events', 'conversion_rate', 'total_revenue', 'average_revenue'],
      dimensions: ['event:goal'],
    })
    // 6 visitors today; /products/shoe/reviews is not a "Products" page.
    expect(rowsOf(json)).toEqual([
      [['Cart'], [3, 3, 50, 0, 0]],
      [['Products'], [3, 3, 50, 0, 0]],
      [['Purchase'], [1, 1, 16.67, 49.9, 49.9]],
    ])
  })

  test.each([
    ['/products/*', ['/products/shoe'], ['/products/shoe/reviews', '/products']],
    ['/blog/**', ['/blog/a', '/blog/a/b'], ['/blog', '/blogs/a']],
    ['/a.b?c', ['/a.b?c'], ['/aXb?c', '/a.bc']],
  ])('page path %s', (path, matching, other) => {
    const re = new RegExp(pagePathPattern(path))
    expect(matching.map((p) => re.test(p))).toEqual(matching.map(() => true))
    expect(other.map((p) => re.test(p))).toEqual(other.map(() => false))
  })
})

describe('funnels', () => {
  let funnelId = ''
  test('creates a funnel from goal names', async () => {
    const res = await t.request(
      'POST',
      `${base}/funnels`,
      { name: 'Checkout', steps: ['Products', 'Cart', 'Purchase'] },
      headers,
    )
    expect(res.status).toBe(201)
    const { funnel } = (await res.json()) as { funnel: { id: string; steps: string[] } }
    expect(funnel.steps).toEqual([ids.Products, ids.Cart, ids.Purchase])
    funnelId = funnel.id
  })

  test.each([
    [{ name: 'One', steps: ['Cart'] }, 'steps'],
    [{ name: 'Unknown', steps: ['Cart', 'Nope'] }, 'steps.1'],
    [{ name: 'Twice', steps: ['Cart', 'Cart'] }, 'steps'],
    [{ name: 'Nine', steps: Array.from({ length: 9 }, () => 'Cart') }, 'steps'],
  ])('refuses %j', async (body, field) => {
    const res = await t.request('POST', `${base}/funnels`, body, headers)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { field: string }).field).toBe(field)
  })

  test('counts visitors who reach each step in order within a visit', async () => {
    const res = await t.request(
      'POST',
      `${base}/funnels/${funnelId}/query`,
      { date_range: 'day' },
      headers,
    )
    expect(res.status).toBe(200)
    const { steps } = (await res.json()) as { steps: unknown[] }
    expect(steps).toEqual([
      { name: 'Products', visitors: 3, conversionRate: 100, dropOff: 0 },
      { name: 'Cart', visitors: 2, conversionRate: 66.67, dropOff: 1 },
      { name: 'Purchase', visitors: 1, conversionRate: 33.33, dropOff: 1 },
    ])
  })

  test('a filter pattern RE2 cannot compile is a 400 naming it', async () => {
    const res = await t.request(
      'POST',
      `${base}/funnels/${funnelId}/query`,
      { date_range: 'day', filters: [['matches', 'event:page', ['a{1001}']]] },
      headers,
    )
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: 'filters[0][2]: not a valid regular expression (RE2 syntax)',
      field: 'filters[0][2]',
    })
  })

  test('deletes a funnel', async () => {
    expect(
      (await t.request('DELETE', `${base}/funnels/${funnelId}`, undefined, headers)).status,
    ).toBe(200)
    const res = await t.request('GET', `${base}/funnels`, undefined, headers)
    expect(await res.json()).toEqual({ funnels: [] })
  })
})

describe('realtime and roles', () => {
  test('current visitors are those of the last five minutes', async () => {
    const res = await t.request('GET', `${base}/realtime`, undefined, headers)
    expect(await res.json()).toEqual({ visitors: 1 })
  })

  test('a viewer reads goals and stats but cannot change goals or funnels', async () => {
    const viewer = await addUser(t)
    await addSite(t, 'someone', [{ userId: viewer.user.id, role: 'viewer' }]).then((site) =>
      setMember(t.services.deps.store, shopId, viewer.user.id, 'viewer', 0).then(() => site),
    )
    const as = await viewer.login()
    expect((await t.request('GET', `${base}/goals`, undefined, as)).status).toBe(200)
    expect(
      (await postQuery(t, as, { site_id: SITE, date_range: 'day', metrics: ['visitors'] })).status,
    ).toBe(200)
    const post = await t.request('POST', `${base}/goals`, { kind: 'event', eventName: 'X' }, as)
    expect(post.status).toBe(403)
    expect((await t.request('DELETE', `${base}/goals/${ids.Cart}`, undefined, as)).status).toBe(403)
    expect(
      (await t.request('POST', `${base}/funnels`, { name: 'F', steps: ['Cart', 'Purchase'] }, as))
        .status,
    ).toBe(403)
    // A site the user has no role on does not exist for them.
    const stranger = await addUser(t)
    expect(
      (await t.request('GET', `${base}/goals`, undefined, await stranger.login())).status,
    ).toBe(404)
  })

  test('deleting a goal removes it from breakdowns', async () => {
    expect(
      (await t.request('DELETE', `${base}/goals/${ids.Products}`, undefined, headers)).status,
    ).toBe(200)
    const { json } = await postQuery(t, headers, {
      site_id: SITE,
      date_range: 'day',
      metrics: ['visitors'],
      dimensions: ['event:goal'],
    })
    expect(rowsOf(json).map(([d]) => d[0])).toEqual(['Cart', 'Purchase'])
  })
})
