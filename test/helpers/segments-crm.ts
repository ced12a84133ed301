import { readFileSync } from 'node:fs'
import type { TestApp } from './app'

/** The bytes of a CRM fixture in test/fixtures/crm. */
export function crmFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/crm/${name}`, import.meta.url)))
}

/** Adds a site as the admin and returns its domain. */
export async function addSite(t: TestApp, headers: Record<string, string>, domain: string) {
  const res = await t.request('POST', '/api/sites', { domain, timezone: 'Europe/Berlin' }, headers)
  if (res.status !== 201) throw new Error(`add site: ${res.status} ${await res.text()}`)
  return domain
}

/** Uploads bytes as a CSV import. */
export function upload(
  t: TestApp,
  headers: Record<string, string>,
  domain: string,
  bytes: Uint8Array | string,
) {
  return Promise.resolve(
    t.app.request(`/api/sites/${domain}/segments/imports`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/csv' },
      body: typeof bytes === 'string' ? bytes : new Blob([new Uint8Array(bytes)]),
    }),
  )
}

export interface Preview {
  importId: string
  encoding: string
  delimiter: string
  columns: string[]
  rows: number
  mapping: Record<string, string>
}

/** Upload → review with the suggested mapping → commit merging every group; returns the commit answer. */
export async function importFile(
  t: TestApp,
  headers: Record<string, string>,
  domain: string,
  bytes: Uint8Array | string,
  commit: Record<string, unknown> = {},
) {
  const res = await upload(t, headers, domain, bytes)
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`)
  const preview = (await res.json()) as Preview
  const base = `/api/sites/${domain}/segments/imports/${preview.importId}`
  const reviewed = await t.request('POST', `${base}/review`, { mapping: preview.mapping }, headers)
  if (reviewed.status !== 200)
    throw new Error(`review: ${reviewed.status} ${await reviewed.text()}`)
  const review = (await reviewed.json()) as { groups: Array<{ id: string }> }
  const committed = await t.request(
    'POST',
    `${base}/commit`,
    { merge: review.groups.map((g) => g.id), ...commit },
    headers,
  )
  if (committed.status !== 200)
    throw new Error(`commit: ${committed.status} ${await committed.text()}`)
  return (await committed.json()) as CommitAnswer
}

export interface CommitAnswer {
  rows: number
  badRows: number
  merged: number
  customers: number
  revenueCents: number
  downloadId: string
  movement?: Record<string, number>
  segments: Array<{
    id: string
    name: string
    kind: string
    members: number
    revenueCents: number
    token: string
  }>
}
