import type { AccountDeps } from '../accounts/context'
import { recordAudit, SYSTEM_ACTOR } from '../audit/audit-log'
import type { Ingest } from '../ingest/ingest'
import type { Logger } from '../log'
import { startPeriodicJob } from '../periodic'
import { parseSiteSettings } from '../sites/settings'
import { getSiteById, updateSite, type Site } from '../sites/sites'
import type { Store } from '../store'
import {
  getDeletion,
  listDueDeletions,
  runningDeletions,
  saveDeletion,
  withSiteDeletions,
  type Deletion,
} from './deletions'
import { findSiteConfigTables, quote } from './data-tables'
import { eraseSiteData, type EraseReport, type EraseScope } from './erase'

/** The instant `months` calendar months before `now` (UTC). */
export function monthsBefore(now: number, months: number): number {
  const d = new Date(now)
  const day = d.getUTCDate()
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() - months)
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()
  d.setUTCDate(Math.min(day, last))
  return d.getTime()
}

async function removeSite(store: Store, site: Site, now: number) {
  const members = await store.reader.query<{ user_id: string; role: string }>(
    'listSiteMembersForRemoval',
    'SELECT user_id, role FROM site_members FINAL WHERE deleted = 0 AND site_id = {site:UInt32}',
    { site: site.id },
  )
  await store.writer.insert(
    'site_members',
    members.map((m) => ({
      site_id: site.id,
      user_id: m.user_id,
      role: m.role,
      updated_at: now,
      deleted: 1,
    })),
  )
  await store.writer.insert('sites', [
    {
      id: site.id,
      domain: site.domain,
      timezone: site.timezone,
      aliases: site.aliases,
      settings: JSON.stringify(site.settings),
      created_at: site.createdAt,
      updated_at: now,
      deleted: 1,
    },
  ])
  // With the site go its goals, funnels, segments and kept customer-key hashes: every version
  // of them, from disk (a row marked deleted would stay there).
  for (const table of await findSiteConfigTables(store))
    await store.writer.command(
      `ALTER TABLE ${quote(table)} DELETE WHERE site_id = {site:UInt32} SETTINGS mutations_sync = 2`,
      { site: site.id },
    )
}

/** What running deletions needs; `ingest` is the collector in this process, if any. */
type RunDeps = AccountDeps & {
  log?: Logger
  ingest?: Pick<Ingest, 'isolate' | 'dropSetAside' | 'sites'>
}

async function carryOut(deps: RunDeps, d: Deletion, site: Site): Promise<EraseReport> {
  const now = deps.now()
  const erase = (scope: EraseScope) => eraseSiteData(deps.store, site, scope, deps.ingest)
  switch (d.kind) {
    case 'site': {
      // No hit is taken for the site from here on, so none can land after its erasure.
      const undo = deps.ingest?.sites.remove(site.id)
      try {
        const report = await erase({ kind: 'all' })
        await removeSite(deps.store, site, now)
        return report
      } catch (error) {
        undo?.()
        throw error
      }
    }
    case 'site_data':
      return erase({ kind: 'all' })
    case 'range':
      return erase({
        kind: 'range',
        from: d.from,
        to: d.to,
        edges: 'overlapping',
      })
    case 'retention': {
      await updateSite(
        deps.store,
        site.id,
        (latest) => ({
          ...latest,
          settings: parseSiteSettings(
            JSON.stringify({ ...latest.settings, retentionMonths: d.retentionMonths }),
          ),
        }),
        now,
      )
      return erase({
        kind: 'range',
        from: 0,
        to: monthsBefore(now, d.retentionMonths),
        edges: 'contained',
      })
    }
  }
}

let running: Promise<number> | undefined

/**
 * Carries out every scheduled deletion whose grace period is over, one after another, and
 * records the outcome. Returns how many ran. Concurrent calls share one run.
 */
export function runDueDeletions(deps: RunDeps): Promise<number> {
  running ??= runOnce(deps).finally(() => {
    running = undefined
  })
  return running
}

async function runOnce(deps: RunDeps): Promise<number> {
  const due = await listDueDeletions(deps.store, deps.now())
  let ran = 0
  for (const listed of due) {
    // Taken again alone with the site's other deletion changes: one cancelled since the list
    // was read stays cancelled, and from here on it can no longer be cancelled.
    const d = await withSiteDeletions(listed.siteId, async () => {
      const latest = await getDeletion(deps.store, listed.id)
      if (latest?.status !== 'scheduled') return undefined
      runningDeletions.add(latest.id)
      return latest
    })
    if (!d) continue
    ran += 1
    try {
      await runOne(deps, d)
    } finally {
      runningDeletions.delete(d.id)
    }
  }
  return ran
}

async function runOne(deps: RunDeps, d: Deletion): Promise<void> {
  const site = (await getSiteById(deps.store, d.siteId)) ?? {
    id: d.siteId,
    domain: '',
    timezone: 'UTC',
    aliases: [],
    settings: parseSiteSettings('{}'),
    createdAt: 0,
  }
  let done: Deletion
  try {
    const report = await carryOut(deps, d, site)
    done = {
      ...d,
      status: 'done',
      finishedAt: deps.now(),
      result: JSON.stringify(report),
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    deps.log?.error({ deletion: d.id, err: message }, 'scheduled deletion failed')
    done = { ...d, status: 'failed', finishedAt: deps.now(), result: message }
  }
  await saveDeletion(deps.store, done, deps.now())
  await recordAudit(
    deps.store,
    {
      actor: SYSTEM_ACTOR,
      action: done.status === 'done' ? 'deletion_done' : 'deletion_failed',
      siteId: d.siteId,
      target: site.domain,
      details: { id: d.id, kind: d.kind, result: done.result },
    },
    deps.now(),
  )
}

/**
 * Runs due deletions shortly after start and then every hour. Returns a function that stops it.
 */
export function startDeletionWorker(deps: RunDeps): () => void {
  return startPeriodicJob({
    firstMs: 60_000,
    everyMs: 3600_000,
    job: () => runDueDeletions(deps),
    onError: (error) =>
      deps.log?.error({ err: String(error) }, 'running scheduled deletions failed'),
  })
}
