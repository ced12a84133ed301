import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { listAudit } from '../../../server/audit/audit-log'
import { createTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
let headers: Record<string, string>
beforeAll(async () => {
  t = await createTestApp()
  headers = await t.login()
})
afterAll(() => t.cleanup())

async function addSite(domain: string) {
  const res = await t.request('POST', '/api/sites', { domain, timezone: 'Europe/Berlin' }, headers)
  expect(res.status).toBe(201)
}

describe('site settings', () => {
  test('retention can grow directly but shortening it goes through safe deletion', async () => {
    await addSite('retention.example')
    const longer = await t.request(
      'PATCH',
      '/api/sites/retention.example',
      { settings: { retentionMonths: 36 } },
      headers,
    )
    expect(longer.status).toBe(200)
    const shorter = await t.request(
      'PATCH',
      '/api/sites/retention.example',
      { settings: { retentionMonths: 6 } },
      headers,
    )
    expect(shorter.status).toBe(409)
    expect(((await shorter.json()) as { error: string }).error).toContain(
      'POST /api/sites/retention.example/deletions',
    )
    const site = (await (
      await t.request('GET', '/api/sites/retention.example', undefined, headers)
    ).json()) as { site: { settings: { retentionMonths: number } } }
    expect(site.site.settings.retentionMonths).toBe(36)
  })

  test('the shared link cannot be set through settings', async () => {
    await addSite('share.example')
    const res = await t.request(
      'PATCH',
      '/api/sites/share.example',
      { settings: { sharedLink: { tokenHash: 'x', createdAt: 1 } } },
      headers,
    )
    const body = (await res.json()) as { site: { settings: { sharedLink: boolean } } }
    expect(body.site.settings.sharedLink).toBe(false)
  })

  test('adding a site is in the audit log', async () => {
    await addSite('audited.example')
    const entries = await listAudit(t.services.deps.store, { limit: 100, action: 'site_created' })
    expect(entries.some((e) => e.action === 'site_created' && e.target === 'audited.example')).toBe(
      true,
    )
  })
})
