// Typed calls for CRM segments (server/http/routes/segments.ts), through the one API client.
import { request } from '../api'

export type Role =
  | 'customerId'
  | 'company'
  | 'name'
  | 'firstName'
  | 'lastName'
  | 'email'
  | 'phone'
  | 'postcode'
  | 'revenue'
  | 'tags'
export type Mapping = Partial<Record<Role, string>>
export interface Thresholds {
  a: number
  b: number
}
export interface SegmentRule {
  minRevenueCents?: number
  tag?: string
  abc?: 'A' | 'B' | 'C'
}

export interface Segment {
  id: string
  name: string
  kind: 'abc' | 'cluster' | 'rule'
  definition: { rule?: SegmentRule; tag?: string }
  members: number
  revenueCents: number
  importedAt: number
  /** Only for admins. */
  token?: string
}

export interface ImportSettings {
  thresholds: Thresholds
  clusterMin: number
  phoneRegion: string
  keepHashedKeys: boolean
}

export interface SegmentsOverview {
  enabled: boolean
  param: string
  kAnonymity: number
  segments: Segment[]
  imports: Array<{
    id: string
    importedAt: number
    rows: number
    badRows: number
    merged: number
    customers: number
    revenueCents: number
    summary: { movement?: Movement }
  }>
  settings: ImportSettings
}

export interface Movement {
  returning: number
  new: number
  gone: number
  up: number
  down: number
}

export interface Preview {
  importId: string
  encoding: string
  delimiter: string
  columns: string[]
  rows: number
  sample: string[][]
  mapping: Mapping
  presets: Record<string, Mapping>
  settings: ImportSettings
}

export interface ReviewCustomer {
  line: number
  lines: number[]
  customerId: string
  company: string
  name: string
  email?: string
  phone?: string
  postcode: string
  revenueCents: number
  tags: string[]
}

export interface Review {
  customers: number
  bad: Array<{ line: number; reason: string }>
  groups: Array<{ id: string; reasons: string[]; members: ReviewCustomer[] }>
}

export interface CommitResult {
  rows: number
  badRows: number
  merged: number
  customers: number
  revenueCents: number
  movement?: Movement
  downloadId: string
  segments: Segment[]
}

const base = (domain: string) => `/api/sites/${encodeURIComponent(domain)}`

export const getSegments = (domain: string) =>
  request<SegmentsOverview>('GET', `${base(domain)}/segments`)

/** Sends the file's bytes unchanged (base64 in JSON), so the server can detect its encoding. */
export async function uploadCsv(domain: string, file: Blob): Promise<Preview> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return request<Preview>('POST', `${base(domain)}/segments/imports`, { fileBase64: btoa(binary) })
}

export const reviewImport = (domain: string, id: string, mapping: Mapping, phoneRegion: string) =>
  request<Review>('POST', `${base(domain)}/segments/imports/${encodeURIComponent(id)}/review`, {
    mapping,
    phoneRegion,
  })

export const commitImport = (
  domain: string,
  id: string,
  body: { merge: string[]; thresholds: Thresholds; clusterMin: number; keepHashedKeys: boolean },
) =>
  request<CommitResult>(
    'POST',
    `${base(domain)}/segments/imports/${encodeURIComponent(id)}/commit`,
    body,
  )

export const discardImport = (domain: string, id: string) =>
  request<unknown>('DELETE', `${base(domain)}/segments/imports/${encodeURIComponent(id)}`)

/** The one-time download of the labelled list; a plain link, so the browser saves the file. */
export const downloadUrl = (domain: string, id: string) =>
  `${base(domain)}/segments/downloads/${encodeURIComponent(id)}`

export const createRuleSegment = (domain: string, name: string, rule: SegmentRule) =>
  request<{ segment: Segment }>('POST', `${base(domain)}/segments`, { name, rule })

export const rotateToken = (domain: string, id: string) =>
  request<{ segment: Segment }>(
    'POST',
    `${base(domain)}/segments/${encodeURIComponent(id)}/rotate`,
    {},
  )

export const deleteSegment = (domain: string, id: string) =>
  request<unknown>('DELETE', `${base(domain)}/segments/${encodeURIComponent(id)}`)

export const setLinking = (domain: string, enabled: boolean, acknowledged: boolean) =>
  request<{ enabled: boolean }>('POST', `${base(domain)}/segments-linking`, {
    enabled,
    acknowledged,
  })

export const setKeepHashedKeys = (domain: string, keepHashedKeys: boolean) =>
  request<{ keepHashedKeys: boolean }>('PUT', `${base(domain)}/segments-settings`, {
    keepHashedKeys,
  })
