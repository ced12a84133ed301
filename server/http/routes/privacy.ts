import { Hono, type Context } from 'hono'
import { deleteCookie } from 'hono/cookie'
import { z } from 'zod'
import { SESSION_COOKIE } from '../../accounts/sessions'
import { recordAudit } from '../../audit/audit-log'
import { BackupError } from '../../backup/backup'
import { parseBackupSchedule } from '../../backup/config'
import { backupNow, listBackups } from '../../backup/schedule'
import { listDeletions, type Deletion } from '../../deletion'
import {
  CONTENT_TYPE,
  EXPORT_FORMATS,
  EXPORT_TABLES,
  exportFileName,
  streamExport,
} from '../../privacy/export'
import { reportToCsv } from '../../privacy/report-csv'
import { getRetentionStatus } from '../../privacy/retention-status'
import { deleteOwnAccount, getAccountExport } from '../../privacy/account-data'
import { getStoredData } from '../../privacy/stored-data'
import { toWebStream } from '../../privacy/web-stream'
import {
  buildText,
  getPrivacyFacts,
  PRINT_CSP,
  TEXT_KINDS,
  TEXT_LANGS,
  toHtml,
  toMarkdown,
} from '../../privacy/texts'
import { queryBodySchema } from '../../stats/parse-query'
import { StatsQueryError } from '../../stats/errors'
import { runStatsQuery } from '../../stats/run-stats-query'
import { requireSessionUser, requireSite, requireUser } from '../auth'
import type { Deps } from '../deps'
import type { AppEnv } from '../env'
import { HttpError, readJson } from '../errors'

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-01-31')
  // Date.parse accepts 2026-02-30 (it rolls over); a real date survives the round trip.
  .refine(
    (d) => !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().startsWith(d),
    'must be a real calendar date',
  )
  // The store's DateTime ends in February 2106: a later bound wraps around to an early date.
  .refine(
    (d) => d >= '1970-01-01' && d <= '2099-12-31',
    'must be a day from 1970-01-01 to 2099-12-31',
  )

const exportQuery = z
  .object({
    table: z.enum(EXPORT_TABLES),
    format: z.enum(EXPORT_FORMATS).default('csv'),
    from: day,
    to: day,
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' })

const reauthBody = z.object({
  password: z.string().min(1).max(1024),
  code: z.string().max(64).optional(),
})

const textQuery = z.object({ format: z.enum(['md', 'html']).default('md') })

/** Query-string counterpart of readJson: a bad parameter is a 400 that names it. */
function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const parsed = schema.safeParse(c.req.query())
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const field = issue?.path.join('.') ?? ''
  throw new HttpError(400, `${field}: ${issue?.message ?? 'invalid'}`, { field })
}

function pick<T extends string>(list: readonly T[], value: string, name: string): T {
  const found = list.find((v) => v === value)
  if (!found) throw new HttpError(404, `No ${name} ${value}; use ${list.join(' or ')}`)
  return found
}

/**
 * The data-protection toolkit of a site: raw and report exports, the transparency texts,
 * what is stored, retention status; and instance backups for instance admins.
 */
export function privacyRoutes(deps: Deps) {
  // "Back up now" prunes like the daily schedule; without a schedule it removes nothing.
  const schedule = parseBackupSchedule(deps.config.env, deps.config.dataDir)
  const keep = schedule.ok && schedule.value.keep > 0 ? schedule.value.keep : Infinity
  return new Hono<AppEnv>()
    .get('/api/sites/:domain/privacy/export', async (c) => {
      const user = requireUser(c)
      const { site } = await requireSite(deps, c, c.req.param('domain'), 'admin')
      const q = readQuery(c, exportQuery)
      const request = { siteId: site.id, timezone: site.timezone, ...q }
      const stream = await streamExport(deps.store, request)
      await recordAudit(
        deps.store,
        { actor: user, action: 'export', siteId: site.id, target: site.domain, details: q },
        deps.now(),
      )
      return new Response(toWebStream(stream), {
        headers: {
          'content-type': CONTENT_TYPE[q.format],
          'content-disposition': `attachment; filename="${exportFileName(site.domain, request)}"`,
          'cache-control': 'no-store',
        },
      })
    })
    .post('/api/sites/:domain/privacy/report.csv', async (c) => {
      const user = requireUser(c)
      const { site } = await requireSite(deps, c, c.req.param('domain'), 'admin')
      const body = await readJson(c, queryBodySchema.omit({ site_id: true }))
      const response = await runStatsQuery(
        deps.store,
        site,
        { ...body, site_id: site.domain },
        deps.now(),
      ).catch((error: unknown) => {
        if (error instanceof StatsQueryError)
          throw new HttpError(400, error.message, { field: error.field })
        throw error
      })
      await recordAudit(
        deps.store,
        {
          actor: user,
          action: 'export',
          siteId: site.id,
          target: site.domain,
          details: { report: body.dimensions, metrics: body.metrics },
        },
        deps.now(),
      )
      return new Response(reportToCsv(response, body.dimensions, body.metrics), {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="spur-${site.domain}-report.csv"`,
          'cache-control': 'no-store',
        },
      })
    })
    .get('/api/sites/:domain/privacy/texts/:kind/:lang', async (c) => {
      const { site } = await requireSite(deps, c, c.req.param('domain'), 'viewer')
      const kind = pick(TEXT_KINDS, c.req.param('kind'), 'text')
      const lang = pick(TEXT_LANGS, c.req.param('lang'), 'language')
      const { format } = readQuery(c, textQuery)
      const instanceUrl = deps.config.BASE_URL ?? new URL(c.req.url).origin
      const doc = buildText(kind, lang, getPrivacyFacts(site, instanceUrl))
      if (format === 'html')
        return c.html(toHtml(doc), 200, { 'content-security-policy': PRINT_CSP })
      return c.body(toMarkdown(doc), 200, { 'content-type': 'text/markdown; charset=utf-8' })
    })
    .get('/api/sites/:domain/privacy/stored', async (c) => {
      const { site } = await requireSite(deps, c, c.req.param('domain'), 'admin')
      return c.json(await getStoredData(deps.store, site.id))
    })
    .get('/api/sites/:domain/privacy/retention', async (c) => {
      const { site } = await requireSite(deps, c, c.req.param('domain'), 'viewer')
      const pending = (await listDeletions(deps.store, site.id)).find(
        (d): d is Extract<Deletion, { kind: 'retention' }> =>
          d.kind === 'retention' && d.status === 'scheduled',
      )
      return c.json({
        ...(await getRetentionStatus(deps.store, site, deps.now())),
        pendingChange: pending
          ? { id: pending.id, retentionMonths: pending.retentionMonths, dueAt: pending.dueAt }
          : null,
      })
    })
    .get('/api/account/export', async (c) => {
      const user = requireSessionUser(c)
      const data = await getAccountExport(deps.store, user, deps.now())
      return c.json(data, 200, {
        'content-disposition': 'attachment; filename="spur-account.json"',
        'cache-control': 'no-store',
      })
    })
    .post('/api/account/delete', async (c) => {
      const user = requireSessionUser(c)
      const body = await readJson(c, reauthBody)
      await deleteOwnAccount(deps, user, { password: body.password, code: body.code })
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      return c.json({ ok: true })
    })
    .get('/api/privacy/backups', (c) => {
      assertInstanceAdmin(c)
      const dir = deps.store.backups.allowedDir
      return c.json({ dir: dir ?? null, backups: dir ? listBackups(dir) : [] })
    })
    .post('/api/privacy/backups', async (c) => {
      assertInstanceAdmin(c)
      const dir = deps.store.backups.allowedDir
      if (!dir)
        throw new HttpError(
          409,
          'This Spur uses a ClickHouse server; back it up with the server’s own BACKUP configuration',
        )
      const backup = await backupNow(
        { store: deps.store, dataDir: deps.config.dataDir, now: deps.now },
        dir,
        keep,
      ).catch((error: unknown) => {
        if (error instanceof BackupError) throw new HttpError(409, error.message)
        throw error
      })
      return c.json({ backup }, 201)
    })
}

// Like the rest of instance administration: a dashboard session, never an API key.
function assertInstanceAdmin(c: Context<AppEnv>) {
  if (!requireSessionUser(c).isAdmin)
    throw new HttpError(403, 'This needs an instance administrator')
}
