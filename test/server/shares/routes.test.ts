import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
let owner: Record<string, string>
beforeAll(async () => {
  t = await createTestApp()
  owner = await t.login()
})
afterAll(() => t.cleanup())

async function addSite(domain: string) {
  const res = await t.request('POST', '/api/sites', { domain, timezone: 'Europe/Berlin' }, owner)
  expect(res.status).toBe(201)
}
async function share(domain: string, password?: string) {
  const res = await t.request(
    'POST',
    `/api/sites/${domain}/shared-link`,
    password ? { password } : {},
    owner,
  )
  expect(res.status).toBe(201)
  const body = (await res.json()) as { url: string; embedUrl: string; passwordProtected: boolean }
  const token = body.url.split('/share/')[1] ?? ''
  return { ...body, token }
}
const query = (domain: string) => ({
  site_id: domain,
  metrics: ['visitors', 'pageviews'],
  date_range: ['2026-11-01', '2026-11-20'],
})

describe('shared links', () => {
  test('only a logged-in admin of the site creates one', async () => {
    await addSite('share-auth.example')
    const res = await t.request('POST', '/api/sites/share-auth.example/shared-link', {})
    expect(res.status).toBe(401)
  })

  test('a link made while the settings change keeps both changes', async () => {
    await addSite('share-race.example')
    const [made, changed] = await Promise.all([
      t.request('POST', '/api/sites/share-race.example/shared-link', {}, owner),
      t.request(
        'PATCH',
        '/api/sites/share-race.example',
        { settings: { excludedPaths: ['/intern/*'] } },
        owner,
      ),
    ])
    expect([made.status, changed.status]).toEqual([201, 200])
    const site = await t.request('GET', '/api/sites/share-race.example', undefined, owner)
    const { settings } = ((await site.json()) as { site: { settings: Record<string, unknown> } })
      .site
    expect({ link: settings.sharedLink, paths: settings.excludedPaths }).toEqual({
      link: true,
      paths: ['/intern/*'],
    })
  })

  test('a link opens its site read-only, whatever site_id the query names', async () => {
    await addSite('share-open.example')
    await addSite('share-other.example')
    const link = await share('share-open.example')
    expect(link.url).toMatch(/^http:\/\/localhost\/share\/[\w-]{32}$/)
    expect(link.embedUrl).toBe(`${link.url}?embed=1`)

    const info = await t.request('GET', `/api/share/${link.token}`)
    expect(info.status).toBe(200)
    expect(await info.json()).toEqual({
      site: { domain: 'share-open.example', timezone: 'Europe/Berlin' },
      passwordRequired: false,
    })
    const site = await t.request('GET', '/api/sites/share-open.example', undefined, owner)
    const { settings } = ((await site.json()) as { site: { settings: Record<string, unknown> } })
      .site
    expect(settings.sharedLink).toBe(true)

    const res = await t.request(
      'POST',
      `/api/share/${link.token}/query`,
      query('share-other.example'),
    )
    expect(res.status).toBe(200)
    const body = (await res.json()) as { results: unknown; query: { site_id: string } }
    expect(body.query.site_id).toBe('share-open.example')
    expect(body.results).toEqual([{ metrics: [0, 0], dimensions: [] }])
  })

  test('a password-protected link answers only with the access the password unlocks', async () => {
    await addSite('share-pw.example')
    const link = await share('share-pw.example', 'a long share password')
    expect(link.passwordProtected).toBe(true)
    const info = (await (await t.request('GET', `/api/share/${link.token}`)).json()) as {
      passwordRequired: boolean
    }
    expect(info.passwordRequired).toBe(true)

    const locked = await t.request('POST', `/api/share/${link.token}/query`, query('x'))
    expect(locked.status).toBe(401)
    expect(await locked.json()).toMatchObject({ passwordRequired: true })

    const wrong = await t.request('POST', `/api/share/${link.token}/unlock`, { password: 'nope' })
    expect(wrong.status).toBe(401)
    const right = await t.request('POST', `/api/share/${link.token}/unlock`, {
      password: 'a long share password',
    })
    expect(right.status).toBe(200)
    const { access } = (await right.json()) as { access: string }
    const open = await t.request('POST', `/api/share/${link.token}/query`, query('x'), {
      'x-share-access': access,
    })
    expect(open.status).toBe(200)
    const forged = await t.request('POST', `/api/share/${link.token}/query`, query('x'), {
      'x-share-access': access.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
    })
    expect(forged.status).toBe(401)

    // A new link replaces the old one: its token and any access issued for it stop working.
    const next = await share('share-pw.example', 'another long password')
    expect((await t.request('GET', `/api/share/${link.token}`)).status).toBe(404)
    const stale = await t.request('POST', `/api/share/${next.token}/query`, query('x'), {
      'x-share-access': access,
    })
    expect(stale.status).toBe(401)
  })

  test('an unlocked link asks for the password again after 12 hours', async () => {
    await addSite('share-expiry.example')
    const link = await share('share-expiry.example', 'a long share password')
    const unlock = await t.request('POST', `/api/share/${link.token}/unlock`, {
      password: 'a long share password',
    })
    const { access } = (await unlock.json()) as { access: string }
    const ask = () =>
      t.request('POST', `/api/share/${link.token}/query`, query('x'), { 'x-share-access': access })
    t.clock.advance(12 * 3600_000 - 1000)
    expect((await ask()).status).toBe(200)
    t.clock.advance(2000)
    expect((await ask()).status).toBe(401)
  })

  test('a short password is refused and names the field', async () => {
    await addSite('share-weak.example')
    const res = await t.request(
      'POST',
      '/api/sites/share-weak.example/shared-link',
      { password: 'short' },
      owner,
    )
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ field: 'password' })
  })

  test('revoking ends the link at once', async () => {
    await addSite('share-revoke.example')
    const link = await share('share-revoke.example')
    const res = await t.request(
      'DELETE',
      '/api/sites/share-revoke.example/shared-link',
      undefined,
      owner,
    )
    expect(res.status).toBe(200)
    expect((await t.request('GET', `/api/share/${link.token}`)).status).toBe(404)
    expect((await t.request('POST', `/api/share/${link.token}/query`, query('x'))).status).toBe(404)
  })

  test('after ten wrong passwords the link refuses further tries', async () => {
    await addSite('share-throttle.example')
    const link = await share('share-throttle.example', 'the right password')
    const statuses: number[] = []
    for (let i = 0; i < 11; i++)
      statuses.push(
        (await t.request('POST', `/api/share/${link.token}/unlock`, { password: `guess ${i}` }))
          .status,
      )
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429])
    t.clock.advance(10 * 60_000)
    const blocked = await t.request('POST', `/api/share/${link.token}/unlock`, { password: 'x' })
    expect(blocked.status).toBe(429)
    expect(blocked.headers.get('retry-after')).toBe('300')
    expect(await blocked.json()).toEqual({
      error: 'Too many wrong passwords. Wait 5 minutes before trying again.',
      retryAfter: 300,
    })
  })

  test('wrong passwords sent at once are limited too', async () => {
    await addSite('share-burst.example')
    const link = await share('share-burst.example', 'the right password')
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t
          .request('POST', `/api/share/${link.token}/unlock`, { password: `guess ${i}` })
          .then((res) => res.status),
      ),
    )
    expect(statuses.filter((s) => s === 401)).toHaveLength(10)
    expect(statuses.filter((s) => s === 429)).toHaveLength(30)
    const right = await t.request('POST', `/api/share/${link.token}/unlock`, {
      password: 'the right password',
    })
    expect(right.status).toBe(429)
  })

  test('a right password does not count towards the limit', async () => {
    await addSite('share-right.example')
    const link = await share('share-right.example', 'the right password')
    const unlock = (password: string) =>
      t.request('POST', `/api/share/${link.token}/unlock`, { password }).then((r) => r.status)
    for (let i = 0; i < 12; i++) expect(await unlock('the right password')).toBe(200)
    for (let i = 0; i < 9; i++) expect(await unlock(`guess ${i}`)).toBe(401)
    expect(await unlock('the right password')).toBe(200)
  })

  test.each(['not-a-token', 'x'.repeat(32)])('unknown token %s is a 404', async (token) => {
    expect((await t.request('GET', `/api/share/${token}`)).status).toBe(404)
  })
})
