import { createHmac } from 'node:crypto'
import { z } from 'zod'
import { foldName } from './normalise'

/** What a column of the upload can mean. Unmapped columns are ignored and never kept. */
export const COLUMN_ROLES = [
  'customerId',
  'company',
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'postcode',
  'revenue',
  'tags',
] as const
export type ColumnRole = (typeof COLUMN_ROLES)[number]

/** Role → header name of the column that holds it. */
export const mappingSchema = z.partialRecord(z.enum(COLUMN_ROLES), z.string().max(200))
export type ColumnMapping = Partial<Record<ColumnRole, string>>

/** Header spellings per role, compared after foldName; German and English CRM and shop exports. */
const SYNONYMS: Record<ColumnRole, string[]> = {
  customerId: [
    'customer id',
    'kundennummer',
    'kunden nr',
    'kundennr',
    'kd nr',
    'id',
    'record id',
    'debitor',
    'debitorennummer',
    'customer number',
    'client id',
  ],
  company: [
    'company',
    'firma',
    'unternehmen',
    'company name',
    'firmenname',
    'organisation',
    'organization',
    'account name',
  ],
  name: ['name', 'full name', 'kontakt', 'contact', 'ansprechpartner', 'kunde', 'customer'],
  firstName: ['first name', 'vorname', 'firstname', 'given name'],
  lastName: ['last name', 'nachname', 'lastname', 'surname', 'family name'],
  email: ['email', 'e mail', 'e mail adresse', 'email address', 'mail', 'emailadresse'],
  phone: ['phone', 'telefon', 'telefonnummer', 'phone number', 'tel', 'mobil', 'mobile', 'handy'],
  postcode: [
    'postcode',
    'plz',
    'zip',
    'postal code',
    'postleitzahl',
    'zip code',
    'default address zip',
  ],
  revenue: [
    'revenue',
    'umsatz',
    'total spent',
    'umsatz gesamt',
    'gesamtumsatz',
    'amount spent',
    'sales',
    'umsatz netto',
    'umsatz brutto',
    'lifetime value',
    'total',
  ],
  tags: [
    'tags',
    'tag',
    'interessen',
    'interests',
    'kategorie',
    'kategorien',
    'product categories',
    'produktkategorien',
    'warengruppe',
    'warengruppen',
    'segment',
  ],
}

/** Named presets for common exports: the headers they write, so a choice fills every role. */
export const PRESETS: Record<string, ColumnMapping> = {
  shopify: {
    customerId: 'Customer ID',
    firstName: 'First Name',
    lastName: 'Last Name',
    email: 'Email',
    company: 'Default Address Company',
    postcode: 'Default Address Zip',
    phone: 'Phone',
    revenue: 'Total Spent',
    tags: 'Tags',
  },
  'excel-de': {
    customerId: 'Kundennummer',
    company: 'Firma',
    name: 'Name',
    email: 'E-Mail',
    phone: 'Telefon',
    postcode: 'PLZ',
    revenue: 'Umsatz',
    tags: 'Kategorien',
  },
  'excel-en': {
    customerId: 'Customer ID',
    company: 'Company',
    name: 'Name',
    email: 'Email',
    phone: 'Phone',
    postcode: 'Postcode',
    revenue: 'Revenue',
    tags: 'Tags',
  },
}

/**
 * Suggests a mapping from the header names: an exact synonym first, then a header that
 * starts with one ("Umsatz 2025" → revenue). Each column serves one role at most.
 */
export function guessMapping(header: readonly string[]): ColumnMapping {
  const folded = header.map((h) => foldName(h))
  const used = new Set<number>()
  const mapping: ColumnMapping = {}
  for (const pass of ['exact', 'prefix'] as const) {
    for (const role of COLUMN_ROLES) {
      if (mapping[role] !== undefined) continue
      const index = folded.findIndex(
        (h, i) =>
          !used.has(i) &&
          SYNONYMS[role].some((s) => (pass === 'exact' ? h === s : h.startsWith(`${s} `))),
      )
      if (index >= 0) {
        used.add(index)
        mapping[role] = header[index]
      }
    }
  }
  return mapping
}

/**
 * Keeps only the roles whose column exists in this header (column names composed, NFC, as
 * readCsv gives them: a name typed decomposed names the same column).
 */
export function fitMapping(mapping: ColumnMapping, header: readonly string[]): ColumnMapping {
  const present = new Set(header)
  return Object.fromEntries(
    Object.entries(mapping)
      .map(([role, h]) => [role, h?.normalize('NFC')] as const)
      .filter(([, h]) => h !== undefined && present.has(h)),
  )
}

/**
 * The mapping as the site remembers it: each column name as a keyed hash. A file without a
 * header line has its first customer read as one, and names kept in clear would keep that
 * customer's e-mail or name in the store (docs/segments.md: no customer data is written).
 */
export function rememberMapping(
  secret: Buffer,
  siteId: number,
  mapping: ColumnMapping,
): ColumnMapping {
  return Object.fromEntries(
    Object.entries(mapping).map(([role, h]) => [role, columnKey(secret, siteId, h ?? '')]),
  )
}

/** The remembered mapping on this file's columns: the roles whose column is in its header. */
export function recallMapping(
  secret: Buffer,
  siteId: number,
  saved: ColumnMapping,
  header: readonly string[],
): ColumnMapping {
  const byKey = new Map(header.map((h) => [columnKey(secret, siteId, h), h]))
  const mapping: ColumnMapping = {}
  for (const [role, value] of Object.entries(saved) as Array<[ColumnRole, string | undefined]>) {
    // Names remembered in clear before they were hashed still match.
    const h =
      value === undefined ? undefined : (byKey.get(value) ?? header.find((x) => x === value))
    if (h !== undefined) mapping[role] = h
  }
  return mapping
}

function columnKey(secret: Buffer, siteId: number, header: string): string {
  return createHmac('sha256', secret).update(`column\0${siteId}\0${header}`).digest('base64url')
}
