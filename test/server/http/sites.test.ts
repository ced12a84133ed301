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
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toContain('settings.sharedLink')
  })

  test('an excluded IP range that is not an address or CIDR range is a 400 naming it', async () => {
    await addSite('bad-cidr.example')
    const patch = (excludedIps: string[]) =>
      t.request('PATCH', '/api/sites/bad-cidr.example', { settings: { excludedIps } }, headers)
    expect((await patch(['203.0.113.7', '2001:db8::/32'])).status).toBe(200)
    for (const bad of ['office', '10.0.0.0/33', '10.0.0.1/8/1', '10.0.0/8', '::1/129']) {
      const res = await patch(['192.0.2.0/24', bad])
      expect(res.status).toBe(400)
      expect(await res.json()).toEqual({
        error: `settings.excludedIps.1: not an IP address or CIDR range: ${bad}`,
        field: 'settings.excludedIps.1',
      })
    }
    // Nothing was saved: the earlier, valid list stays in force.
    const site = (await (
      await t.request('GET', '/api/sites/bad-cidr.example', undefined, headers)
    ).json()) as { site: { settings: { excludedIps: string[] } } }
    expect(site.site.settings.excludedIps).toEqual(['203.0.113.7', '2001:db8::/32'])
  })

  test('a change of one setting keeps all the others', async () => {
    await addSite('partial.example')
    const patch = (settings: object) =>
      t.request('PATCH', '/api/sites/partial.example', { settings }, headers)
    expect((await patch({ segmentsEnabled: true, excludedIps: ['10.0.0.0/8'] })).status).toBe(200)
    const res = await patch({ kAnonymity: 2 })
    const { site } = (await res.json()) as { site: { settings: Record<string, unknown> } }
    expect(site.settings).toMatchObject({
      kAnonymity: 2,
      segmentsEnabled: true,
      excludedIps: ['10.0.0.0/8'],
    })
  })

  test.each([
    [{ kAnonymity: 1 }, 'settings.kAnonymity: '],
    [{ excludedIps: 'not a list' }, 'settings.excludedIps: '],
    [{ noSuchThing: true }, 'settings.noSuchThing: not a setting'],
  ])('settings %j are refused naming the field', async (settings, message) => {
    await addSite('bad-settings.example').catch(() => undefined)
    const res = await t.request('PATCH', '/api/sites/bad-settings.example', { settings }, headers)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toContain(message)
  })

  test('a site is found by its domain written in capitals too', async () => {
    await addSite('Capitals.Example')
    const res = await t.request('GET', '/api/sites/Capitals.Example', undefined, headers)
    expect(res.status).toBe(200)
    expect(((await res.json()) as { site: { domain: string } }).site.domain).toBe(
      'capitals.example',
    )
  })

  test('adding a site is in the audit log', async () => {
    await addSite('audited.example')
    const { entries } = await listAudit(t.services.deps.store, {
      limit: 100,
      action: 'site_created',
    })
    expect(entries.some((e) => e.action === 'site_created' && e.target === 'audited.example')).toBe(
      true,
    )
  })

  test('one domain added twice at once makes one site; the other answer is a 409', async () => {
    const add = () =>
      t.request('POST', '/api/sites', { domain: 'twice.example', timezone: 'UTC' }, headers)
    const answers = await Promise.all([add(), add()])
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409])
    const list = (await (await t.request('GET', '/api/sites', undefined, headers)).json()) as {
      sites: Array<{ domain: string }>
    }
    expect(list.sites.filter((s) => s.domain === 'twice.example')).toHaveLength(1)
  })

  test('two sites renamed to one domain at once: one gets it, the other a 409', async () => {
    await addSite('rename-a.example')
    await addSite('rename-b.example')
    const rename = (from: string) =>
      t.request('PATCH', `/api/sites/${from}`, { domain: 'renamed.example' }, headers)
    const answers = await Promise.all([rename('rename-a.example'), rename('rename-b.example')])
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409])
  })

  test('two settings changed at once both stay', async () => {
    await addSite('both.example')
    const change = (settings: Record<string, unknown>) =>
      t.request('PATCH', '/api/sites/both.example', { settings }, headers)
    const answers = await Promise.all([
      change({ excludedPaths: ['/admin/*'] }),
      change({ honourPrivacySignals: false }),
    ])
    expect(answers.map((r) => r.status)).toEqual([200, 200])
    const { site } = (await (
      await t.request('GET', '/api/sites/both.example', undefined, headers)
    ).json()) as { site: { settings: { excludedPaths: string[]; honourPrivacySignals: boolean } } }
    expect(site.settings.excludedPaths).toEqual(['/admin/*'])
    expect(site.settings.honourPrivacySignals).toBe(false)
  })
})
