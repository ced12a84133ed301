import type { CountryCode } from 'libphonenumber-js'
import { detectDecimalMark, parseAmount } from './amount'
import type { ColumnMapping, ColumnRole } from './mapping'
import {
  cleanText,
  normaliseCase,
  normaliseEmail,
  normalisePhone,
  normalisePostcode,
  splitTags,
} from './normalise'
import type { CsvTable } from './read-csv'

/** One customer as read from the upload. Lives only in memory during an import. */
export interface Customer {
  /** Line of the file (a merged customer keeps the first). */
  line: number
  /** Lines of every row merged into this customer. */
  lines: number[]
  customerId: string
  company: string
  name: string
  email: string | undefined
  phone: string | undefined
  postcode: string
  revenueCents: number
  tags: string[]
}

export interface BadRow {
  line: number
  reason: string
}

export interface CleanResult {
  customers: Customer[]
  bad: BadRow[]
}

/**
 * Reads every row through the mapping and normalises it: trimmed text, capitalised names,
 * lower-case e-mail, E.164 phone, compact postcode, revenue in cents. A row that cannot be
 * read is listed with its line and reason instead.
 */
export function cleanRows(
  table: CsvTable,
  mapping: ColumnMapping,
  phoneRegion: CountryCode,
): CleanResult {
  const column = new Map<ColumnRole, number>()
  for (const [role, header] of Object.entries(mapping) as Array<[ColumnRole, string]>) {
    const index = table.header.indexOf(header)
    if (index >= 0) column.set(role, index)
  }
  const cell = (cells: string[], role: ColumnRole) => {
    const i = column.get(role)
    return i === undefined ? '' : cleanText(cells[i] ?? '')
  }
  const revenueIndex = column.get('revenue')
  const mark = detectDecimalMark(
    revenueIndex === undefined ? [] : table.rows.map((r) => r.cells[revenueIndex] ?? ''),
    table.delimiter === ';' ? ',' : '.',
  )
  const customers: Customer[] = []
  const bad: BadRow[] = []
  for (const { line, cells } of table.rows) {
    if (cells.length !== table.header.length) {
      bad.push({
        line,
        reason: `has ${cells.length} field${cells.length === 1 ? '' : 's'}, the header has ${table.header.length}`,
      })
      continue
    }
    const rawRevenue = cell(cells, 'revenue')
    const revenueCents = rawRevenue === '' ? 0 : parseAmount(rawRevenue, mark)
    if (revenueCents === undefined) {
      bad.push({ line, reason: `revenue "${rawRevenue}" is not an amount` })
      continue
    }
    if (revenueCents < 0) {
      bad.push({ line, reason: `revenue "${rawRevenue}" is negative` })
      continue
    }
    const rawEmail = cell(cells, 'email')
    const email = rawEmail === '' ? undefined : normaliseEmail(rawEmail)
    if (rawEmail !== '' && email === undefined) {
      bad.push({ line, reason: `e-mail "${rawEmail}" is not an e-mail address` })
      continue
    }
    const joined = [cell(cells, 'firstName'), cell(cells, 'lastName')].filter(Boolean).join(' ')
    const name = normaliseCase(cell(cells, 'name') || joined)
    const company = normaliseCase(cell(cells, 'company'))
    const customerId = cell(cells, 'customerId')
    if (!customerId && !email && !company && !name) {
      bad.push({ line, reason: 'has no customer id, e-mail, company or name' })
      continue
    }
    const rawPhone = cell(cells, 'phone')
    customers.push({
      line,
      lines: [line],
      customerId,
      company,
      name,
      email,
      phone: rawPhone === '' ? undefined : normalisePhone(rawPhone, phoneRegion),
      postcode: normalisePostcode(cell(cells, 'postcode')),
      revenueCents,
      tags: splitTags(cell(cells, 'tags')),
    })
  }
  return { customers, bad }
}
