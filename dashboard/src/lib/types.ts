// Shapes of the server's JSON answers that the dashboard reads.
import type { SiteRef } from '../site-ref'

export interface User {
  id: string
  email: string
  name: string
  isAdmin: boolean
}

export interface SiteSettings {
  excludedIps: string[]
  excludedPaths: string[]
  allowedQueryParams: string[]
  trackerFeatures: string[]
  downloadExtensions: string[]
  honourPrivacySignals: boolean
  retentionMonths: number
  segmentsEnabled: boolean
  kAnonymity: number
  /** Whether a public shared link exists (its token is shown only once, when created). */
  sharedLink: boolean
}

export interface Site extends SiteRef {
  id: number
  aliases: string[]
  settings: SiteSettings
  createdAt: number
  snippet: string
}

export interface Goal {
  id: string
  kind: 'page' | 'event'
  /** For event goals: the custom event's name. */
  eventName: string
  /** For page goals: a path where * matches within a segment and ** across segments. */
  pagePath: string
  displayName: string
  /** ISO 4217 code for revenue goals, else ''. */
  currency: string
}

export type GoalInput = Pick<Goal, 'kind' | 'eventName' | 'pagePath' | 'displayName' | 'currency'>

export interface Funnel {
  id: string
  name: string
  /** Goal ids, in the order a visit must reach them. */
  steps: string[]
}

export interface FunnelStepResult {
  name: string
  visitors: number
  conversionRate: number
  dropOff: number
}
