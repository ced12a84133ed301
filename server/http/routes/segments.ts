import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import { recordAudit } from '../../audit/audit-log'
import { updateSite } from '../../sites/sites'
import {
  commitBody,
  linkingBody,
  publicSegment,
  reviewBody,
  ruleBody,
  settingsBody,
} from '../../segments/api-schemas'
import {
  commitImport,
  downloads,
  imports,
  reviewImport,
  startImport,
} from '../../segments/import-flow'
import { createRuleSegment, deleteSegment, rotateToken } from '../../segments/manage'
import { listImports, listSegments } from '../../segments/repo'
import { forgetSegments, useSegmentStore } from '../../segments/resolve'
import { getSegmentSettings, setKeepHashedKeys } from '../../segments/settings'
import { requireSite, requireUser } from '../auth'
import type { Deps } from '../deps'
import type { AppEnv } from '../env'
import { HttpError, readJson } from '../errors'

/** Largest CSV accepted: 20 MB is about 200 000 customers. */
const MAX_UPLOAD = 20 * 1024 * 1024
/** The dashboard sends the file in base64, a third larger, inside a little JSON. */
const MAX_BODY = Math.ceil(MAX_UPLOAD / 3) * 4 + 1024
const TOO_LARGE = 'The file is larger than 20 MB'
const uploadBody = z.object({
  fileBase64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be the file in base64'),
})

/**
 * The uploaded file: the raw request body (text/csv, application/octet-stream), or JSON
 * `{ fileBase64 }` as the dashboard's JSON client sends it, bytes unchanged either way.
 */
async function readUpload(c: Context<AppEnv>): Promise<Uint8Array> {
  const type = (c.req.header('content-type') ?? '').toLowerCase()
  // A form upload (curl -F) would be read as CSV with its boundaries as the header line.
  if (type.startsWith('multipart/') || type.startsWith('application/x-www-form-urlencoded'))
    throw new HttpError(
      415,
      'Send the file itself as the request body (Content-Type: text/csv), or JSON { fileBase64 }',
    )
  if (type.startsWith('application/json')) {
    const body = await readJson(c, uploadBody)
    return new Uint8Array(Buffer.from(body.fileBase64, 'base64'))
  }
  return new Uint8Array(await c.req.arrayBuffer())
}

/** CRM import, segment definitions, campaign tokens and the segment-linking switch. */
export function segmentsRoutes(deps: Deps) {
  useSegmentStore(deps.store)
  // Every change of the CRM area is one audit action; details.change says which.
  const audit = (c: Context<AppEnv>, change: string, siteId: number, details: object = {}) => {
    const user = requireUser(c)
    return recordAudit(
      deps.store,
      {
        actor: { id: user.id, email: user.email },
        action: 'crm_import',
        siteId,
        target: 'segments',
        details: { change, ...details },
      },
      deps.now(),
    )
  }
  const admin = (c: Context<AppEnv>) => requireSite(deps, c, c.req.param('domain') ?? '', 'admin')
  return new Hono<AppEnv>()
    .get('/api/sites/:domain/segments', async (c) => {
      const { site, role } = await requireSite(deps, c, c.req.param('domain'), 'viewer')
      const isAdmin = role !== 'viewer'
      const [segments, history, settings] = await Promise.all([
        listSegments(deps.store, site.id),
        listImports(deps.store, site.id),
        getSegmentSettings(deps.store, site.id),
      ])
      return c.json({
        enabled: site.settings.segmentsEnabled,
        param: deps.config.SEGMENT_PARAM,
        kAnonymity: site.settings.kAnonymity,
        segments: segments.map((s) => publicSegment(s, isAdmin)),
        imports: history,
        settings: {
          thresholds: settings.thresholds,
          clusterMin: settings.clusterMin,
          phoneRegion: settings.phoneRegion,
          keepHashedKeys: settings.keepHashedKeys,
        },
      })
    })
    .post(
      '/api/sites/:domain/segments/imports',
      bodyLimit({
        maxSize: MAX_BODY,
        onError: () => {
          throw new HttpError(413, TOO_LARGE)
        },
      }),
      async (c) => {
        const { site } = await admin(c)
        const bytes = await readUpload(c)
        if (bytes.length > MAX_UPLOAD) throw new HttpError(413, TOO_LARGE)
        const result = await startImport(deps, site, requireUser(c).id, bytes)
        if (!result.ok) throw new HttpError(400, result.error)
        await audit(c, 'upload', site.id, { rows: result.value.rows })
        return c.json(result.value, 201)
      },
    )
    .post('/api/sites/:domain/segments/imports/:id/review', async (c) => {
      const { site } = await admin(c)
      const body = await readJson(c, reviewBody)
      const result = await reviewImport(deps, site, requireUser(c).id, c.req.param('id'), body)
      if (!result) throw new HttpError(404, 'This import has expired; upload the file again')
      return c.json(result)
    })
    .post('/api/sites/:domain/segments/imports/:id/commit', async (c) => {
      const { site } = await admin(c)
      const body = await readJson(c, commitBody)
      const result = await commitImport(deps, site, requireUser(c).id, c.req.param('id'), body)
      if (!result)
        throw new HttpError(
          404,
          'This import has expired, was not reviewed or was already committed; upload the file again',
        )
      await audit(c, 'import', site.id, {
        customers: result.customers,
        badRows: result.badRows,
        merged: result.merged,
      })
      return c.json({ ...result, segments: result.segments.map((s) => publicSegment(s, true)) })
    })
    .delete('/api/sites/:domain/segments/imports/:id', async (c) => {
      const { site } = await admin(c)
      if (imports.take(c.req.param('id'), site.id, requireUser(c).id, deps.now()))
        await audit(c, 'upload_discarded', site.id)
      return c.json({ ok: true })
    })
    .get('/api/sites/:domain/segments/downloads/:id', async (c) => {
      const { site } = await admin(c)
      const download = downloads.take(c.req.param('id'), site.id, requireUser(c).id, deps.now())
      if (!download)
        throw new HttpError(
          410,
          'The labelled list was already downloaded or has expired; it is offered once',
        )
      await audit(c, 'labels_downloaded', site.id)
      return c.body(download.csv, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="segments-${site.domain}.csv"`,
        'cache-control': 'no-store',
      })
    })
    .post('/api/sites/:domain/segments', async (c) => {
      const { site } = await admin(c)
      const body = await readJson(c, ruleBody)
      const result = await createRuleSegment(deps.store, site.id, body, deps.now())
      if (!result.ok) throw new HttpError(result.status, result.error, { field: 'name' })
      await audit(c, 'segment_created', site.id, { segment: result.value.id })
      return c.json({ segment: publicSegment(result.value, true) }, 201)
    })
    .post('/api/sites/:domain/segments/:id/rotate', async (c) => {
      const { site } = await admin(c)
      const result = await rotateToken(deps.store, site.id, c.req.param('id'), deps.now())
      if (!result.ok) throw new HttpError(result.status, result.error)
      await audit(c, 'token_rotated', site.id, { segment: result.value.id })
      return c.json({ segment: publicSegment(result.value, true) })
    })
    .delete('/api/sites/:domain/segments/:id', async (c) => {
      const { site } = await admin(c)
      const result = await deleteSegment(deps.store, site.id, c.req.param('id'), deps.now())
      if (!result.ok) throw new HttpError(result.status, result.error)
      await audit(c, 'segment_deleted', site.id, { segment: result.value.id })
      return c.json({ ok: true })
    })
    .post('/api/sites/:domain/segments-linking', async (c) => {
      const { site } = await admin(c)
      const body = await readJson(c, linkingBody)
      if (body.enabled && !body.acknowledged)
        throw new HttpError(
          400,
          'acknowledged: confirm the legal basis before turning segment linking on',
          { field: 'acknowledged' },
        )
      await updateSite(
        deps.store,
        site.id,
        (latest) => ({
          ...latest,
          settings: { ...latest.settings, segmentsEnabled: body.enabled },
        }),
        deps.now(),
      )
      forgetSegments(site.id)
      // The collector reads the switch from its site cache; make it read the change now.
      deps.ingest.sites.invalidate()
      await audit(c, body.enabled ? 'linking_on' : 'linking_off', site.id)
      return c.json({ enabled: body.enabled })
    })
    .put('/api/sites/:domain/segments-settings', async (c) => {
      const { site } = await admin(c)
      const body = await readJson(c, settingsBody)
      await setKeepHashedKeys(deps.store, site.id, body.keepHashedKeys, deps.now())
      if (!body.keepHashedKeys) await audit(c, 'hashed_keys_dropped', site.id)
      return c.json({ keepHashedKeys: body.keepHashedKeys })
    })
}
