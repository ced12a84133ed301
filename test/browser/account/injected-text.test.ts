import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchChromium } from '../../helpers/chromium'
import { sendHit } from '../../helpers/dashboard-seed'
import { OWNER, startDashboardServer, type DashboardServer } from '../../helpers/dashboard-server'

const SITE = 'xss.example.org'
const MARK = 'window.__pwned=1'
const PAYLOADS = {
  path: `/<img src=x onerror="${MARK}">`,
  referrer: `https://evil.example/<script>${MARK}</script>`,
  propKey: `<svg onload="${MARK}">`,
  propValue: `<img src=x onerror="${MARK}">`,
  event: `Signup<img src=x onerror="${MARK}">`,
  userName: `Mallory<img src=x onerror="${MARK}">`,
}

let server: DashboardServer
let browser: Browser
let cookie = ''
beforeAll(async () => {
  server = await startDashboardServer()
  browser = await launchChromium()
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(OWNER),
  })
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const api = { cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }
  const created = await fetch(`${server.url}/api/sites`, {
    method: 'POST',
    headers: api,
    body: JSON.stringify({ domain: SITE, timezone: 'UTC' }),
  })
  if (created.status !== 201) throw new Error(`site: ${created.status}`)
  // A site name cannot carry markup at all: the domain is validated.
  const bad = await fetch(`${server.url}/api/sites`, {
    method: 'POST',
    headers: api,
    body: JSON.stringify({ domain: `<script>${MARK}</script>.example`, timezone: 'UTC' }),
  })
  if (bad.status !== 400) throw new Error(`markup in a domain was accepted: ${bad.status}`)
  await fetch(`${server.url}/api/account`, {
    method: 'PATCH',
    headers: api,
    body: JSON.stringify({ name: PAYLOADS.userName }),
  })
  const statuses = [
    await sendHit(server.url, SITE, {
      url: `https://${SITE}${PAYLOADS.path}`,
      referrer: PAYLOADS.referrer,
      ip: '203.0.113.50',
    }),
    await sendHit(server.url, SITE, {
      url: `https://${SITE}/`,
      name: PAYLOADS.event,
      props: { [PAYLOADS.propKey]: PAYLOADS.propValue },
      ip: '203.0.113.51',
    }),
  ]
  if (statuses.some((s) => s !== 202)) throw new Error(`collect answered ${statuses.join(',')}`)
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('text from visitors and users is shown as text', () => {
  test('paths, referrers, event names, props and user names never become markup', async () => {
    const context = await browser.newContext()
    const [name, value] = cookie.split('=')
    await context.addCookies([{ name: name ?? '', value: value ?? '', url: server.url }])
    const page = await context.newPage()
    const dialogs: string[] = []
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    const injected = () =>
      page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: number }).__pwned ?? 0,
        elements: document.querySelectorAll('img[src="x"], svg[onload], script:not([src])').length,
      }))

    await page.goto(`${server.url}/sites/${SITE}`)
    // Wait (bounded) until the seeded hits are written and the pages panel lists the path.
    let text = ''
    for (let i = 0; i < 30 && !text.includes('<img src=x'); i++) {
      await page.reload()
      await page.waitForLoadState('networkidle')
      text = await page.evaluate(() => document.body.innerText)
    }
    expect(text).toContain(`<img src=x onerror="${MARK}">`)
    expect(await injected()).toEqual({ pwned: 0, elements: 0 })

    await page.goto(`${server.url}/sites/${SITE}/settings?tab=members`)
    await page.waitForSelector('[data-members] li')
    expect(await page.locator('[data-members]').innerText()).toContain(PAYLOADS.userName)
    expect(await injected()).toEqual({ pwned: 0, elements: 0 })

    await page.goto(`${server.url}/admin`)
    await page.waitForSelector('[data-audit]')
    expect(await injected()).toEqual({ pwned: 0, elements: 0 })
    expect(dialogs).toEqual([])
    await context.close()
  }, 150_000)
})
