import { Hono } from 'hono'
import type { Deps } from '../deps'
import type { AppEnv } from '../env'

export function dashboardRoutes(_deps: Deps) {
  return new Hono<AppEnv>()
}
