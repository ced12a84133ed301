// Typed calls for accounts and access (server/http/routes/accounts*.ts).
import { request } from '../api'

export type Role = 'owner' | 'admin' | 'viewer'
export type Scope = 'stats:read' | 'sites:manage'

export interface AccountUser {
  id: string
  email: string
  name: string
  isAdmin: boolean
  twoFactorEnabled: boolean
}
export interface AccountInfo {
  user: AccountUser
  twoFactor: { enabled: boolean; recoveryCodesLeft: number }
  require2fa: boolean
}
export interface SessionInfo {
  id: string
  label: string
  createdAt: number
  lastSeenAt: number
  expiresAt: number
  current: boolean
}
export interface ApiKeyInfo {
  id: string
  name: string
  prefix: string
  scopes: Scope[]
  sites: string[]
  /** Limited to sites: `sites` is empty when all of them were deleted (it reaches none). */
  limited: boolean
  rateLimit: number
  createdAt: number
  lastUsedAt: number | null
}
export interface Invite {
  id: string
  email: string
  isAdmin: boolean
  sites: Array<{ domain: string; role: Role }>
  createdAt: number
  expiresAt: number
}
export interface AdminUser extends AccountUser {
  createdAt: number
  sites: Array<{ domain: string; role: Role }>
}
export interface AuditEntry {
  id: string
  at: number
  actorEmail: string
  action: string
  site?: string
  target: string
  details: Record<string, unknown>
}
export interface Member {
  userId: string
  email: string
  name: string
  role: Role
}
export interface Reauth {
  password: string
  code?: string
}

const site = (domain: string) => `/api/sites/${encodeURIComponent(domain)}`

export const accountApi = {
  get: () => request<AccountInfo>('GET', '/api/account'),
  rename: (name: string) => request<{ user: AccountUser }>('PATCH', '/api/account', { name }),
  changePassword: (body: { currentPassword: string; newPassword: string; code?: string }) =>
    request<{ ok: true; sessionsEnded: number }>('POST', '/api/account/password', body),
  beginTwoFactor: (password: string) =>
    request<{ secret: string; otpauthUrl: string; qrDataUrl: string }>(
      'POST',
      '/api/account/2fa/setup',
      { password },
    ),
  enableTwoFactor: (code: string) =>
    request<{ recoveryCodes: string[] }>('POST', '/api/account/2fa/enable', { code }),
  disableTwoFactor: (body: Reauth) => request<unknown>('POST', '/api/account/2fa/disable', body),
  newRecoveryCodes: (body: Reauth) =>
    request<{ recoveryCodes: string[] }>('POST', '/api/account/2fa/recovery-codes', body),
  sessions: () => request<{ sessions: SessionInfo[] }>('GET', '/api/account/sessions'),
  endSession: (id: string) =>
    request<unknown>('DELETE', `/api/account/sessions/${encodeURIComponent(id)}`),
  endOtherSessions: () =>
    request<{ ended: number }>('POST', '/api/account/sessions/revoke-others', {}),
  keys: () => request<{ keys: ApiKeyInfo[] }>('GET', '/api/account/keys'),
  createKey: (body: { name: string; scopes: Scope[]; sites: string[] }) =>
    request<{ key: ApiKeyInfo; secret: string }>('POST', '/api/account/keys', body),
  revokeKey: (id: string) =>
    request<unknown>('DELETE', `/api/account/keys/${encodeURIComponent(id)}`),
}

export const adminApi = {
  users: () => request<{ users: AdminUser[] }>('GET', '/api/admin/users'),
  setAdmin: (id: string, isAdmin: boolean) =>
    request<unknown>('PATCH', `/api/admin/users/${encodeURIComponent(id)}`, { isAdmin }),
  removeUser: (id: string) =>
    request<unknown>('DELETE', `/api/admin/users/${encodeURIComponent(id)}`),
  resetLink: (id: string) =>
    request<{ url: string; expiresAt: number; emailed: boolean }>(
      'POST',
      `/api/admin/users/${encodeURIComponent(id)}/password-reset`,
      {},
    ),
  resetTwoFactor: (id: string) =>
    request<unknown>('POST', `/api/admin/users/${encodeURIComponent(id)}/reset-2fa`, {}),
  invites: () => request<{ invites: Invite[] }>('GET', '/api/admin/invites'),
  invite: (body: { email: string; isAdmin: boolean }) =>
    request<{ invite: Invite; url: string; emailed: boolean }>('POST', '/api/admin/invites', body),
  withdrawInvite: (id: string) =>
    request<unknown>('DELETE', `/api/admin/invites/${encodeURIComponent(id)}`),
  policy: () => request<{ policy: { require2fa: boolean } }>('GET', '/api/admin/policy'),
  setPolicy: (require2fa: boolean) => request<unknown>('PUT', '/api/admin/policy', { require2fa }),
  audit: (cursor?: string) =>
    request<{ entries: AuditEntry[]; next: string | null }>(
      'GET',
      `/api/admin/audit?limit=50${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
    ),
}

export const membersApi = {
  list: (domain: string) =>
    request<{ members: Member[]; invites: Invite[] }>('GET', `${site(domain)}/members`),
  add: (domain: string, email: string, role: Role) =>
    request<{ added: boolean; url?: string; emailed?: boolean }>(
      'POST',
      `${site(domain)}/members`,
      {
        email,
        role,
      },
    ),
  setRole: (domain: string, userId: string, role: Role) =>
    request<unknown>('PATCH', `${site(domain)}/members/${encodeURIComponent(userId)}`, { role }),
  remove: (domain: string, userId: string) =>
    request<unknown>('DELETE', `${site(domain)}/members/${encodeURIComponent(userId)}`),
}

export const linkApi = {
  invite: (token: string) =>
    request<{ invite: Invite }>('GET', `/api/invites/${encodeURIComponent(token)}`),
  accept: (token: string, body: { name: string; password: string }) =>
    request<{ user: AccountUser }>(
      'POST',
      `/api/invites/${encodeURIComponent(token)}/accept`,
      body,
    ),
  reset: (token: string) =>
    request<{ email: string }>('GET', `/api/auth/password-reset/${encodeURIComponent(token)}`),
  setPassword: (token: string, password: string) =>
    request<unknown>('POST', '/api/auth/password-reset', { token, password }),
  options: () => request<{ passwordResetByEmail: boolean }>('GET', '/api/auth/options'),
  requestReset: (email: string) =>
    request<{ ok: true }>('POST', '/api/auth/password-reset/request', { email }),
}

export interface BackupInfo {
  name: string
  manifest: {
    createdAt: number
    tables: Array<{ name: string; rows: number }>
    exact: boolean
    secretKey: boolean
  }
}

/** Own-account data rights (server/http/routes/privacy.ts). */
export const dataApi = {
  /** A plain GET the browser downloads as spur-account.json (Content-Disposition). */
  exportUrl: '/api/account/export',
  deleteAccount: (body: Reauth) => request<{ ok: true }>('POST', '/api/account/delete', body),
}

/** Instance backups, for instance admins (server/http/routes/privacy.ts). */
export const backupsApi = {
  list: () => request<{ dir: string | null; backups: BackupInfo[] }>('GET', '/api/privacy/backups'),
  create: () => request<{ backup: BackupInfo }>('POST', '/api/privacy/backups', {}),
}
