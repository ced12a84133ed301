import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import { getFunnelResult } from '../../goals/get-funnel-result'
import { getFunnels, MAX_STEPS, MIN_STEPS, saveFunnel } from '../../goals/funnels'
import { deleteGoal, getGoals, saveGoal } from '../../goals/goals'
import { oneAtATime } from '../../one-at-a-time'
import { localDate, resolveDateRange } from '../../stats/date-range'
import { StatsQueryError } from '../../stats/errors'
import { parseFilters } from '../../stats/filters-parse'
import { getCurrentVisitors } from '../../stats/get-current-visitors'
import { queryBodySchema } from '../../stats/parse-query'
import { runStatsQuery } from '../../stats/run-stats-query'
import { requireSite } from '../auth'
import type { Deps } from '../deps'
import type { AppEnv } from '../env'
import { HttpError, readJson } from '../errors'

const goalBody = z
  .object({
    kind: z.enum(['page', 'event']),
    eventName: z.string().trim().max(120).default(''),
    pagePath: z.string().trim().max(2000).default(''),
    displayName: z.string().trim().max(120).optional(),
    currency: z
      .union([
        z.literal(''),
        z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
      ])
      .default(''),
  })
  .strict()
  .refine((g) => g.kind !== 'event' || g.eventName.length > 0, {
    path: ['eventName'],
    message: 'an event goal needs the event name',
  })
  .refine((g) => g.kind !== 'page' || g.pagePath.startsWith('/'), {
    path: ['pagePath'],
    message: 'a page goal needs a path starting with /',
  })
  .refine((g) => g.kind !== 'page' || g.currency === '', {
    path: ['currency'],
    message: 'only event goals carry revenue',
  })

const funnelBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    steps: z.array(z.string().min(1).max(120)).min(MIN_STEPS).max(MAX_STEPS),
  })
  .strict()

const funnelQueryBody = z
  .object({
    date_range: z.union([z.string().max(40), z.array(z.string().max(40))]),
    filters: z.array(z.unknown()).max(50).default([]),
  })
  .strict()

// The largest query the limits allow in practice (filters of 500 values of 2,000 characters
// are at most 1 MB each); a bigger body is refused before it is read into memory.
const MAX_BODY_BYTES = 4 * 1024 * 1024
const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new HttpError(413, `Request body must be at most ${MAX_BODY_BYTES / 1024 / 1024} MB`)
  },
})

/** Stats API v2, realtime, goals and funnels. Handlers: parse → authorise → call → respond. */
export function statsRoutes(deps: Deps) {
  const asBadRequest = (error: unknown): never => {
    if (error instanceof StatsQueryError)
      throw new HttpError(400, error.message, { field: error.field })
    throw error
  }
  return new Hono<AppEnv>()
    .post('/api/v2/query', limitBody, async (c) => {
      const body = await readJson(c, queryBodySchema)
      const { site } = await requireSite(deps, c, body.site_id, 'viewer')
      return c.json(await runStatsQuery(deps.store, site, body, deps.now()).catch(asBadRequest))
    })
    .get('/api/sites/:domain/realtime', async (c) => {
      const { site } = await requireSite(deps, c, c.req.param('domain'), 'viewer')
      return c.json({ visitors: await getCurrentVisitors(deps.store, site.id, deps.now()) })
    })
    .get('/api/sites/:domain/goals', async (c) => {
      const { site } = await requireSite(deps, c, c.req.param('domain'), 'viewer')
      return c.json({ goals: (await getGoals(deps.store, site.id)).map(publicGoal) })
    })
    .post('/api/sites/:domain/goals', limitBody, async (c) => {
      const { site } = await requireSite(deps, c, c.req.param('domain'), 'admin')
      const body = await readJson(c, goalBody)
      const displayName =
        body.displayName || (body.kind === 'page' ? `Visit ${body.pagePath}` : body.eventName)
      const goal = await oneAtATime(`goals:${site.id}`, async () => {
        const goals = await getGoals(deps.store, site.id)
        if (goals.some((g) => g.displayName === displayName))
          throw new HttpError(409, `displayName: a goal named "${displayName}" exists`, {
            field: 'displayName',
          })
        // Creation time orders the list; goals made within one millisecond still keep their order.
        const now = Math.max(deps.now(), ...goals.map((g) => g.createdAt + 1))
        return saveGoal(deps.store, site.id, { ...body, displayName }, now)
      })
      return c.json({ goal: publicGoal(goal) }, 201)
    })
    .delete('/api/sites/:domain/goals/:id', async (c) => {
      const { site } = await requireSite(deps, c, c.req.param('domain'), 'admin')
      const goal = (await getGoals(deps.store, site.id)).find((g) => g.id === c.req.param('id'))
      if (!goal) throw new HttpError(404, 'No such goal')
      await deleteGoal(deps.store, goal, deps.now())
      return c.json({ deleted: goal.id })
    })
    .get('/api/sites/:domain/funnels', async (c) => {
      const { site } = await requireSite(deps, c, c.req.param('domain'), 'viewer')
      return c.json({ funnels: (await getFunnels(deps.store, site.id)).map(publicFunnel) })
    })
    .post('/api/sites/:domain/funnels', limitBody, async (c) => {
      const { site } = await requireSite(deps, c, c.req.param('domain'), 'admin')
      const body = await readJson(c, funnelBody)
      const goals = await getGoals(deps.store, site.id)
      const steps = body.steps.map((step, i) => {
        const goal = goals.find((g) => g.id === step) ?? goals.find((g) => g.displayName === step)
        if (!goal)
          throw new HttpError(400, `steps.${i}: no goal "${step}" on this site`, {
            field: `steps.${i}`,
          })
        return goal.id
      })
      if (new Set(steps).size !== steps.length)
        throw new HttpError(400, 'steps: a goal appears twice', { field: 'steps' })
      const existing = await getFunnels(deps.store, site.id)
      const now = Math.max(deps.now(), ...existing.map((f) => f.createdAt + 1))
      const funnel = await saveFunnel(deps.store, { siteId: site.id, name: body.name, steps }, now)
      return c.json({ funnel: publicFunnel(funnel) }, 201)
    })
    .delete('/api/sites/:domain/funnels/:id', async (c) => {
      const { site } = await requireSite(deps, c, c.req.param('domain'), 'admin')
      const funnel = (await getFunnels(deps.store, site.id)).find((f) => f.id === c.req.param('id'))
      if (!funnel) throw new HttpError(404, 'No such funnel')
      await saveFunnel(deps.store, funnel, deps.now(), true)
      return c.json({ deleted: funnel.id })
    })
    .post('/api/sites/:domain/funnels/:id/query', limitBody, async (c) => {
      const { site } = await requireSite(deps, c, c.req.param('domain'), 'viewer')
      const body = await readJson(c, funnelQueryBody)
      const funnel = (await getFunnels(deps.store, site.id)).find((f) => f.id === c.req.param('id'))
      if (!funnel) throw new HttpError(404, 'No such funnel')
      const now = deps.now()
      const window = resolveDateRange(
        body.date_range,
        site.timezone,
        now,
        localDate(site.createdAt, site.timezone),
      )
      if (!window.ok) throw new HttpError(400, window.error, { field: window.field })
      const filters = parseFilters(body.filters)
      if (!filters.ok) throw new HttpError(400, filters.error, { field: filters.field })
      const goals = await getGoals(deps.store, site.id)
      const result = await getFunnelResult(deps.store, {
        siteId: site.id,
        timezone: site.timezone,
        window: window.value,
        filters: filters.value,
        funnel,
        goals,
        kAnonymity: site.settings.kAnonymity,
      }).catch(asBadRequest)
      return c.json({
        funnel: publicFunnel(funnel),
        steps: result.steps,
        ...(result.kAnonymity && {
          k_anonymity: {
            k: result.kAnonymity.k,
            withheld_steps: result.kAnonymity.withheldSteps,
          },
        }),
      })
    })
}

const publicGoal = ({
  siteId: _s,
  createdAt: _c,
  ...goal
}: Awaited<ReturnType<typeof getGoals>>[number]) => goal
const publicFunnel = ({
  siteId: _s,
  createdAt: _c,
  ...funnel
}: Awaited<ReturnType<typeof getFunnels>>[number]) => funnel
