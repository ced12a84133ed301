import { Hono } from 'hono'
import { z } from 'zod'
import { requireSessionUser, requireSite } from '../auth'
import {
  cancelDeletion,
  listDeletions,
  scheduleDeletion,
  type DeletionRequest,
} from '../../deletion'
import { addDays } from '../../stats/date-range'
import { startOfLocalDay } from '../../stats/time-labels'
import type { Site } from '../../sites/sites'
import type { Deps } from '../deps'
import type { AppEnv } from '../env'
import { readJson } from '../errors'

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-01-31')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`)
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d
  }, 'must be a real calendar date')
const reauth = { password: z.string().min(1).max(1024), code: z.string().max(64).optional() }
const body = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('site'), ...reauth }),
  z.object({ kind: z.literal('site_data'), ...reauth }),
  // Days in the site's time zone, both included.
  z.object({ kind: z.literal('range'), from: day, to: day, ...reauth }),
  z.object({
    kind: z.literal('retention'),
    retentionMonths: z.number().int().min(1).max(120),
    ...reauth,
  }),
])

function toRequest(site: Site, b: z.output<typeof body>): DeletionRequest {
  switch (b.kind) {
    case 'range':
      return {
        kind: 'range',
        from: startOfLocalDay(b.from, site.timezone),
        to: startOfLocalDay(addDays(b.to, 1), site.timezone),
      }
    case 'retention':
      return { kind: 'retention', retentionMonths: b.retentionMonths }
    default:
      return { kind: b.kind }
  }
}

/**
 * Scheduled deletions of a site's data: schedule (owner, with password and 2FA code), list
 * (admin), cancel during the grace period (owner).
 */
export function accountDeletionRoutes(deps: Deps) {
  return new Hono<AppEnv>()
    .get('/api/sites/:domain/deletions', async (c) => {
      requireSessionUser(c)
      const { site } = await requireSite(deps, c, c.req.param('domain'), 'admin')
      return c.json({ deletions: await listDeletions(deps.store, site.id) })
    })
    .post('/api/sites/:domain/deletions', async (c) => {
      const user = requireSessionUser(c)
      const { site } = await requireSite(deps, c, c.req.param('domain'), 'owner')
      const b = await readJson(c, body)
      const deletion = await scheduleDeletion(deps, {
        user,
        site,
        reauth: { password: b.password, code: b.code },
        request: toRequest(site, b),
      })
      return c.json({ deletion: deletion }, 201)
    })
    .delete('/api/sites/:domain/deletions/:id', async (c) => {
      const user = requireSessionUser(c)
      const { site } = await requireSite(deps, c, c.req.param('domain'), 'owner')
      const deletion = await cancelDeletion(deps, { user, site, id: c.req.param('id') })
      return c.json({ deletion: deletion })
    })
}
