import { Hono } from 'hono'
import type { Deps } from '../deps'
import type { AppEnv } from '../env'

export function statsRoutes(_deps: Deps) {
  return new Hono<AppEnv>()
}
