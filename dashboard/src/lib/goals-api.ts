// Typed calls for a site's goals and funnels.
import { request } from '../api'
import type { Funnel, FunnelStepResult, Goal, GoalInput } from './types'

const base = (domain: string) => `/api/sites/${encodeURIComponent(domain)}`

export const listGoals = (domain: string) =>
  request<{ goals: Goal[] }>('GET', `${base(domain)}/goals`)
export const createGoal = (domain: string, goal: GoalInput) =>
  request<{ goal: Goal }>('POST', `${base(domain)}/goals`, goal)
export const deleteGoal = (domain: string, id: string) =>
  request<unknown>('DELETE', `${base(domain)}/goals/${encodeURIComponent(id)}`)

export const listFunnels = (domain: string) =>
  request<{ funnels: Funnel[] }>('GET', `${base(domain)}/funnels`)
export const createFunnel = (domain: string, funnel: { name: string; steps: string[] }) =>
  request<{ funnel: Funnel }>('POST', `${base(domain)}/funnels`, funnel)
export const deleteFunnel = (domain: string, id: string) =>
  request<unknown>('DELETE', `${base(domain)}/funnels/${encodeURIComponent(id)}`)

/** Visitors reaching each step of a funnel in the view's range and filters. */
export const queryFunnel = (
  domain: string,
  id: string,
  body: { date_range: unknown; filters: unknown },
) =>
  request<{ steps: FunnelStepResult[] }>(
    'POST',
    `${base(domain)}/funnels/${encodeURIComponent(id)}/query`,
    body,
  )
