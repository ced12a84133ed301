import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { recordAudit, SYSTEM_ACTOR } from '../../../server/audit/audit-log'
import { createTestApp, type TestApp } from '../../helpers/app'
import { addSite, addUser } from '../../helpers/accounts-users'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.cleanup())

interface Page {
  entries: Array<{ id: string; at: number; target: string }>
  next: string | null
}

/** Follows `next` from the first page to the end; returns the targets in the order shown. */
async function pageThrough(path: string, headers: Record<string, string>) {
  const seen: string[] = []
  let cursor: string | null = null
  for (let pages = 0; pages < 20; pages += 1) {
    const sep = path.includes('?') ? '&' : '?'
    const url: string = cursor === null ? path : `${path}${sep}cursor=${encodeURIComponent(cursor)}`
    const res = await t.request('GET', url, undefined, headers)
    expect(res.status).toBe(200)
    const page = (await res.json()) as Page
    seen.push(...page.entries.map((e) => e.target))
    if (page.next === null) return seen
    cursor = page.next
  }
  throw new Error('paging did not end')
}

describe('audit log paging', () => {
  test('entries written in one millisecond are each shown once across pages', async () => {
    const admin = await t.login()
    const at = t.clock.now() - 60_000
    const targets = ['a', 'b', 'c', 'd', 'e', 'f', 'g']
    for (const target of targets)
      await recordAudit(
        t.services.deps.store,
        { actor: SYSTEM_ACTOR, action: 'export', target },
        at,
      )
    await recordAudit(
      t.services.deps.store,
      { actor: SYSTEM_ACTOR, action: 'export', target: 'older' },
      at - 1,
    )
    const seen = await pageThrough('/api/admin/audit?action=export&limit=2', admin)
    expect(seen).toHaveLength(8)
    expect(new Set(seen.slice(0, 7))).toEqual(new Set(targets))
    expect(seen[7]).toBe('older')
    // The order is stable: the same listing twice gives the same sequence.
    expect(await pageThrough('/api/admin/audit?action=export&limit=3', admin)).toEqual(seen)
  })

  test("a site's audit log pages the same way", async () => {
    const u = await addUser(t)
    const site = await addSite(t, u.user.id)
    const at = t.clock.now() - 30_000
    for (const target of ['x1', 'x2', 'x3', 'x4', 'x5'])
      await recordAudit(
        t.services.deps.store,
        { actor: SYSTEM_ACTOR, action: 'export', siteId: site.id, target },
        at,
      )
    const seen = await pageThrough(`/api/sites/${site.domain}/audit?limit=2`, await u.login())
    expect(seen.sort()).toEqual(['x1', 'x2', 'x3', 'x4', 'x5'])
  })

  test('a cursor that this server did not give is a 400 naming it', async () => {
    const admin = await t.login()
    for (const cursor of ['1763640000000', 'abc', '1763640000000.not-a-uuid'])
      for (const path of [
        '/api/admin/audit',
        `/api/sites/${(await addSite(t, '')).domain}/audit`,
      ]) {
        const res = await t.request(
          'GET',
          `${path}?cursor=${encodeURIComponent(cursor)}`,
          undefined,
          admin,
        )
        expect(res.status).toBe(400)
        expect(((await res.json()) as { error: string }).error).toMatch(/^cursor: /)
      }
  })
})
