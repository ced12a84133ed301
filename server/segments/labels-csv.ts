import type { Segment } from './repo'
import type { Labelled } from './segment'

/** Quotes a field, and defuses spreadsheet formulas (=, +, -, @ at the start; OWASP CSV injection). */
function field(value: string, delimiter: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return safe.includes('"') || safe.includes(delimiter) || /[\r\n]/.test(safe)
    ? `"${safe.replace(/"/g, '""')}"`
    : safe
}

/**
 * The labelled list for the CRM or newsletter tool: one line per customer with its identifiers
 * from the upload, its A/B/C class, interest clusters and rule segments, and the campaign
 * token of its class. UTF-8 with a byte-order mark so Excel reads umlauts; the upload's
 * delimiter, so the file goes back where it came from.
 */
export function buildLabelsCsv(
  labelled: readonly Labelled[],
  segments: readonly Segment[],
  delimiter: string,
): string {
  const ruleNames = new Map(segments.filter((s) => s.kind === 'rule').map((s) => [s.id, s.name]))
  const tokenOf = new Map(segments.filter((s) => s.kind === 'abc').map((s) => [s.name, s.token]))
  const header = [
    'line',
    'customer_id',
    'company',
    'name',
    'email',
    'postcode',
    'abc',
    'interests',
    'segments',
    'abc_token',
  ]
  const lines = [header.join(delimiter)]
  for (const l of labelled) {
    const c = l.customer
    const row = [
      String(c.line),
      c.customerId,
      c.company,
      c.name,
      c.email ?? '',
      c.postcode,
      l.abc,
      l.clusters.join(' | '),
      l.rules.map((id) => ruleNames.get(id) ?? id).join(' | '),
      tokenOf.get(l.abc) ?? '',
    ]
    lines.push(row.map((v) => field(v, delimiter)).join(delimiter))
  }
  return `\ufeff${lines.join('\r\n')}\r\n`
}
