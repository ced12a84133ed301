// The privacy toolkit's calls, all through the dashboard's one API client.
import { request } from '../api'

export interface RetentionStatus {
  retentionMonths: number
  cutoff: number
  oldestEvent: number | null
  eventsPastLimit: number
  pendingChange: { id: string; retentionMonths: number; dueAt: number } | null
}

export type DeletionKind = 'site' | 'site_data' | 'range' | 'retention'

export interface Deletion {
  id: string
  kind: DeletionKind
  from?: number
  to?: number
  retentionMonths?: number
  requestedAt: number
  dueAt: number
  status: 'scheduled' | 'cancelled' | 'done' | 'failed'
  finishedAt: number | null
  result: string
}

export interface StoredTable {
  name: string
  rows: number
  columns: Array<{ name: string; type: string; comment: string }>
  example?: Record<string, unknown>
  timeColumn?: string
}

export interface StoredData {
  tables: StoredTable[]
  neverStored: { en: string[]; de: string[] }
}

export interface Reauth {
  password: string
  code?: string
}

const site = (domain: string) => `/api/sites/${encodeURIComponent(domain)}`

export const getRetention = (domain: string) =>
  request<RetentionStatus>('GET', `${site(domain)}/privacy/retention`)

export const getStored = (domain: string) =>
  request<StoredData>('GET', `${site(domain)}/privacy/stored`)

export const getSiteSettings = (domain: string) =>
  request<{
    site: {
      settings: { honourPrivacySignals: boolean; excludedIps: string[]; excludedPaths: string[] }
    }
  }>('GET', site(domain))

export const saveSettings = (domain: string, settings: Record<string, unknown>) =>
  request<unknown>('PATCH', site(domain), { settings })

export const listDeletions = (domain: string) =>
  request<{ deletions: Deletion[] }>('GET', `${site(domain)}/deletions`)

export const scheduleDeletion = (
  domain: string,
  body:
    | ({ kind: 'site' | 'site_data' } & Reauth)
    | ({ kind: 'range'; from: string; to: string } & Reauth)
    | ({ kind: 'retention'; retentionMonths: number } & Reauth),
) => request<{ deletion: Deletion }>('POST', `${site(domain)}/deletions`, body)

export const cancelDeletion = (domain: string, id: string) =>
  request<{ deletion: Deletion }>('DELETE', `${site(domain)}/deletions/${encodeURIComponent(id)}`)

/** Links, not fetches: the browser streams a download straight to disk. */
export const exportUrl = (
  domain: string,
  q: { table: 'events' | 'sessions'; format: 'csv' | 'parquet'; from: string; to: string },
) => `${site(domain)}/privacy/export?${new URLSearchParams(q).toString()}`

export const textUrl = (
  domain: string,
  kind: 'policy' | 'record',
  lang: 'de' | 'en',
  format: 'md' | 'html',
) => `${site(domain)}/privacy/texts/${kind}/${lang}?format=${format}`
