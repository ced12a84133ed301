import { randomUUID } from 'node:crypto'
import type { CountryCode } from 'libphonenumber-js'
import type { Deps } from '../http/deps'
import type { Site } from '../sites/sites'
import type { AbcThresholds } from './abc'
import { applySegmentation } from './apply'
import { cleanRows, type BadRow, type Customer } from './clean'
import { dropCustomerKeys, updateCustomerKeys, type Movement } from './customer-keys'
import { decodeCsv, type CsvEncoding } from './decode'
import { findDuplicates, mergeGroups, type DuplicateGroup } from './duplicates'
import { buildLabelsCsv } from './labels-csv'
import {
  fitMapping,
  guessMapping,
  PRESETS,
  recallMapping,
  rememberMapping,
  type ColumnMapping,
} from './mapping'
import { normaliseEmail } from './normalise'
import { PendingStore } from './pending'
import { readCsv, type CsvTable } from './read-csv'
import { listSegments, recordImport, saveSegments, type Segment } from './repo'
import { forgetSegments } from './resolve'
import { segmentCustomers, type SegmentRule } from './segment'
import { getSegmentSettings, saveSegmentSettings } from './settings'
import { withSegmentLock } from './site-lock'

interface PendingImport {
  siteId: number
  userId: string
  table: CsvTable
  encoding: CsvEncoding
  reviewed?: { customers: Customer[]; bad: BadRow[]; groups: DuplicateGroup[] }
}

interface PendingDownload {
  siteId: number
  userId: string
  csv: string
}

/** Parsed uploads wait at most 15 minutes for their next step. */
export const imports = new PendingStore<PendingImport>(15 * 60_000, 3)
/** The labelled list can be fetched once, within 10 minutes. */
export const downloads = new PendingStore<PendingDownload>(10 * 60_000, 3)

/** Step 1: decode and parse the upload; nothing is stored when the file cannot be read. */
export async function startImport(deps: Deps, site: Site, userId: string, bytes: Uint8Array) {
  const decoded = decodeCsv(bytes)
  if (!decoded.ok) return decoded
  const read = readCsv(decoded.value.text)
  if (!read.ok) return read
  const table = read.value
  // No column is named like an e-mail address: such a first line is a customer, not a header.
  if (table.header.some((h) => normaliseEmail(h) !== undefined))
    return {
      ok: false as const,
      error:
        'Line 1 holds an e-mail address, so it is a customer and not a line of column names; add a header line. Nothing was imported.',
    }
  if (table.rows.length === 0) return { ok: false as const, error: 'The file has no data rows' }
  const settings = await getSegmentSettings(deps.store, site.id)
  const saved = recallMapping(deps.secretKey, site.id, settings.mapping, table.header)
  const id = imports.put(
    { siteId: site.id, userId, table, encoding: decoded.value.encoding },
    deps.now(),
  )
  return {
    ok: true as const,
    value: {
      importId: id,
      encoding: decoded.value.encoding,
      delimiter: table.delimiter,
      columns: table.header,
      rows: table.rows.length,
      sample: table.rows.slice(0, 5).map((r) => r.cells),
      mapping: Object.keys(saved).length > 0 ? saved : guessMapping(table.header),
      presets: Object.fromEntries(
        Object.entries(PRESETS).map(([name, m]) => [name, fitMapping(m, table.header)]),
      ),
      settings: {
        thresholds: settings.thresholds,
        clusterMin: settings.clusterMin,
        phoneRegion: settings.phoneRegion,
        keepHashedKeys: settings.keepHashedKeys,
      },
    },
  }
}

/** Step 2: apply the mapping, list bad rows and duplicate groups; remembers the mapping. */
export function reviewImport(
  deps: Deps,
  site: Site,
  userId: string,
  importId: string,
  input: { mapping: ColumnMapping; phoneRegion?: string | undefined },
) {
  return withSegmentLock(site.id, () => reviewLocked(deps, site, userId, importId, input))
}

async function reviewLocked(
  deps: Deps,
  site: Site,
  userId: string,
  importId: string,
  input: { mapping: ColumnMapping; phoneRegion?: string | undefined },
) {
  const pending = imports.get(importId, site.id, userId, deps.now())
  if (!pending) return undefined
  const settings = await getSegmentSettings(deps.store, site.id)
  const phoneRegion = input.phoneRegion ?? settings.phoneRegion
  const mapping = fitMapping(input.mapping, pending.table.header)
  const { customers, bad } = cleanRows(pending.table, mapping, phoneRegion as CountryCode)
  const groups = findDuplicates(customers)
  pending.reviewed = { customers, bad, groups }
  await saveSegmentSettings(
    deps.store,
    site.id,
    { ...settings, mapping: rememberMapping(deps.secretKey, site.id, mapping), phoneRegion },
    deps.now(),
  )
  return { customers: customers.length, bad, groups }
}

export interface CommitInput {
  merge: string[]
  /** Left out: the site's remembered thresholds and cluster size. */
  thresholds?: AbcThresholds | undefined
  clusterMin?: number | undefined
  keepHashedKeys: boolean
}

/**
 * Step 3: merge the chosen duplicates, segment, store definitions and aggregates only, and
 * hold the labelled list for one download. The parsed rows are discarded, so a second commit
 * of the same upload (a double click) finds nothing and changes nothing.
 */
export function commitImport(
  deps: Deps,
  site: Site,
  userId: string,
  importId: string,
  input: CommitInput,
) {
  return withSegmentLock(site.id, () => commitLocked(deps, site, userId, importId, input))
}

async function commitLocked(
  deps: Deps,
  site: Site,
  userId: string,
  importId: string,
  input: CommitInput,
) {
  const now = deps.now()
  const pending = imports.get(importId, site.id, userId, now)
  if (!pending?.reviewed) return undefined
  const { customers, bad, groups } = pending.reviewed
  const wanted = new Set(input.merge)
  const chosen = groups.filter((g) => wanted.has(g.id))
  const merged = mergeGroups(customers, chosen)
  const settings = await getSegmentSettings(deps.store, site.id)
  const thresholds = input.thresholds ?? settings.thresholds
  const clusterMin = input.clusterMin ?? settings.clusterMin
  const existing = await listSegments(deps.store, site.id)
  const rules = existing
    .filter(
      (s): s is Segment & { definition: { rule: SegmentRule } } =>
        s.kind === 'rule' && s.definition.rule !== undefined,
    )
    .map((s) => ({ id: s.id, rule: s.definition.rule }))
  const result = segmentCustomers(merged, {
    thresholds,
    clusterMin,
    clusterLimit: 30,
    rules,
  })
  const segments = applySegmentation(site.id, existing, result, now)
  await saveSegments(deps.store, segments, now)
  forgetSegments(site.id)
  let movement: Movement | undefined
  if (input.keepHashedKeys)
    movement = await updateCustomerKeys(deps.store, deps.secretKey, site.id, result.labelled, now)
  // Switching the opt-in off removes what it kept.
  else if (settings.keepHashedKeys) await dropCustomerKeys(deps.store, site.id)
  await saveSegmentSettings(
    deps.store,
    site.id,
    {
      ...settings,
      thresholds,
      clusterMin,
      keepHashedKeys: input.keepHashedKeys,
    },
    now,
  )
  const summary = {
    rows: pending.table.rows.length,
    badRows: bad.length,
    merged: customers.length - merged.length,
    customers: merged.length,
    revenueCents: result.revenueCents,
  }
  await recordImport(deps.store, site.id, {
    id: randomUUID(),
    importedAt: now,
    ...summary,
    summary: { thresholds, ...(movement ? { movement } : {}) },
  })
  const csv = buildLabelsCsv(result.labelled, segments, pending.table.delimiter)
  imports.delete(importId)
  const downloadId = downloads.put({ siteId: site.id, userId, csv }, now)
  return { ...summary, movement, downloadId, segments }
}
