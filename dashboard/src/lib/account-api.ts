// Typed calls for login, setup and sites.
import { request } from '../api'
import type { Site, User } from './types'

export const getMe = () => request<{ user: User }>('GET', '/api/auth/me')
export const getSetup = () => request<{ needed: boolean }>('GET', '/api/setup')
export const postSetup = (body: {
  token: string
  email: string
  password: string
  name?: string
}) => request<{ user: User }>('POST', '/api/setup', body)
export const login = (body: { email: string; password: string; code?: string }) =>
  request<{ user: User; twoFactorSetupRequired?: boolean }>('POST', '/api/auth/login', body)
export const logout = () => request<{ ok: true }>('POST', '/api/auth/logout', {})

export const listSites = () => request<{ sites: Site[] }>('GET', '/api/sites')
export const getSite = (domain: string) =>
  request<{ site: Site }>('GET', `/api/sites/${encodeURIComponent(domain)}`)
export const createSite = (body: { domain: string; timezone: string }) =>
  request<{ site: Site }>('POST', '/api/sites', body)
export const updateSite = (
  domain: string,
  body: {
    domain?: string
    timezone?: string
    aliases?: string[]
    settings?: Partial<Omit<Site['settings'], 'sharedLink'>>
  },
) => request<{ site: Site }>('PATCH', `/api/sites/${encodeURIComponent(domain)}`, body)
