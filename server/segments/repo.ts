import { randomBytes } from 'node:crypto'
import type { Store } from '../store'
import type { SegmentRule } from './segment'

export type SegmentKind = 'abc' | 'cluster' | 'rule'

/** A segment as kept: its definition and aggregates, never its members. */
export interface Segment {
  siteId: number
  id: string
  name: string
  kind: SegmentKind
  /** Rule segments: the rule. Clusters: the tag key. */
  definition: { rule?: SegmentRule; tag?: string }
  token: string
  members: number
  revenueCents: number
  position: number
  /** When the aggregates were last computed (0: not yet). */
  importedAt: number
  createdAt: number
}

interface SegmentRow {
  site_id: number
  id: string
  name: string
  kind: SegmentKind
  definition: string
  token: string
  members: number
  revenue_cents: string
  position: number
  imported_at: string
  created_at: string
}

/**
 * A campaign token: 96 random bits, URL-safe, 16 characters. It never begins with "-": a
 * spreadsheet would read such a cell of the CRM export as a formula, so the export's guard puts
 * an apostrophe before it, and the token copied from there would not match.
 */
export function newToken(): string {
  for (;;) {
    const token = randomBytes(12).toString('base64url')
    if (!token.startsWith('-')) return token
  }
}

/** The site's segments, in display order. */
export async function listSegments(store: Store, siteId: number): Promise<Segment[]> {
  const rows = await store.reader.query<SegmentRow>(
    'listSegments',
    `SELECT site_id, id, name, kind, definition, token, members, revenue_cents, position,
       toUnixTimestamp64Milli(imported_at) AS imported_at,
       toUnixTimestamp64Milli(created_at) AS created_at
     FROM segments FINAL WHERE deleted = 0 AND site_id = {site:UInt32}
     ORDER BY position, name`,
    { site: siteId },
  )
  return rows.map((r) => ({
    siteId: r.site_id,
    id: r.id,
    name: r.name,
    kind: r.kind,
    definition: JSON.parse(r.definition) as Segment['definition'],
    token: r.token,
    members: Number(r.members),
    revenueCents: Number(r.revenue_cents),
    position: Number(r.position),
    importedAt: Number(r.imported_at),
    createdAt: Number(r.created_at),
  }))
}

/** Writes whole new versions of the given segments (or deletes them). */
export async function saveSegments(
  store: Store,
  segments: readonly Segment[],
  now: number,
  deleted = false,
): Promise<void> {
  await store.writer.insert(
    'segments',
    segments.map((s) => ({
      site_id: s.siteId,
      id: s.id,
      name: s.name,
      kind: s.kind,
      definition: JSON.stringify(s.definition),
      token: s.token,
      members: s.members,
      revenue_cents: s.revenueCents,
      position: s.position,
      imported_at: s.importedAt,
      created_at: s.createdAt,
      updated_at: now,
      deleted: deleted ? 1 : 0,
    })),
  )
}

export interface ImportRecord {
  id: string
  importedAt: number
  rows: number
  badRows: number
  merged: number
  customers: number
  revenueCents: number
  summary: Record<string, unknown>
}

/** Records the counts of one import. */
export async function recordImport(store: Store, siteId: number, r: ImportRecord) {
  await store.writer.insert('segment_imports', [
    {
      site_id: siteId,
      id: r.id,
      imported_at: r.importedAt,
      rows: r.rows,
      bad_rows: r.badRows,
      merged: r.merged,
      customers: r.customers,
      revenue_cents: r.revenueCents,
      summary: JSON.stringify(r.summary),
    },
  ])
}

/** The site's last imports, newest first. */
export async function listImports(
  store: Store,
  siteId: number,
  limit = 10,
): Promise<ImportRecord[]> {
  const rows = await store.reader.query<{
    id: string
    imported_at: string
    rows: number
    bad_rows: number
    merged: number
    customers: number
    revenue_cents: string
    summary: string
  }>(
    'listSegmentImports',
    `SELECT id, toUnixTimestamp64Milli(imported_at) AS imported_at, rows, bad_rows, merged,
       customers, revenue_cents, summary
     FROM segment_imports WHERE site_id = {site:UInt32}
     ORDER BY imported_at DESC LIMIT {limit:UInt32}`,
    { site: siteId, limit },
  )
  return rows.map((r) => ({
    id: r.id,
    importedAt: Number(r.imported_at),
    rows: Number(r.rows),
    badRows: Number(r.bad_rows),
    merged: Number(r.merged),
    customers: Number(r.customers),
    revenueCents: Number(r.revenue_cents),
    summary: JSON.parse(r.summary) as Record<string, unknown>,
  }))
}
