// Typed calls for public shared links.
import { request } from '../api'

export interface SharedLinkCreated {
  url: string
  embedUrl: string
  passwordProtected: boolean
}

const site = (domain: string) => `/api/sites/${encodeURIComponent(domain)}/shared-link`
const share = (token: string) => `/api/share/${encodeURIComponent(token)}`

export const createSharedLink = (domain: string, password?: string) =>
  request<SharedLinkCreated>('POST', site(domain), password ? { password } : {})
export const revokeSharedLink = (domain: string) => request<{ ok: true }>('DELETE', site(domain))
export const getShare = (token: string) =>
  request<{ site: { domain: string; timezone: string }; passwordRequired: boolean }>(
    'GET',
    share(token),
  )
export const unlockShare = (token: string, password: string) =>
  request<{ access: string }>('POST', `${share(token)}/unlock`, { password })
