export type DecimalMark = ',' | '.'

/**
 * Reads a money amount as German or English spreadsheets write it: `1.234,56 €`,
 * `1,234.56`, `EUR 99`, `-12,5`, `(12.50)`, `1'234.50`. With both marks present the last
 * one is the decimal mark; a single mark followed by exactly three digits is ambiguous and
 * is read with `hint` (the mark the rest of the column uses), unless only zeros stand before
 * it (`0.500` is 0.50 in any file). Returns cents, or undefined.
 */
export function parseAmount(input: string, hint: DecimalMark = ','): number | undefined {
  let s = input.trim()
  if (s === '') return undefined
  let negative = false
  if (/^\(.*\)$/.test(s)) {
    negative = true
    s = s.slice(1, -1)
  }
  // Currency symbols and codes, spaces (also no-break and thin), Swiss apostrophes.
  s = s.replace(/(?:EUR|USD|GBP|CHF|€|\$|£)/gi, '').replace(/[\s\u00a0\u202f'’]/g, '')
  if (s.startsWith('-') || s.startsWith('−')) {
    negative = !negative
    s = s.slice(1)
  } else if (s.endsWith('-')) {
    negative = !negative
    s = s.slice(0, -1)
  } else if (s.startsWith('+')) s = s.slice(1)
  if (!/^[0-9.,]+$/.test(s) || !/[0-9]/.test(s)) return undefined
  const decimal = decimalMarkOf(s, hint)
  if (decimal === undefined) return undefined
  const thousands = decimal === ',' ? '.' : ','
  const [intPart = '', fracPart = '', ...more] = s.split(decimal)
  if (more.length > 0) return undefined
  // A first group of thousands has no leading zero ("0.500.000" and "0.500,00" are not amounts).
  if (intPart.includes(thousands) && !/^[1-9]\d{0,2}(?:[.,]\d{3})*$/.test(intPart)) return undefined
  const digits = intPart.split(thousands).join('')
  if (!/^\d*$/.test(digits) || !/^\d*$/.test(fracPart) || (digits === '' && fracPart === ''))
    return undefined
  // Half-up to whole cents, in integers so 0.345 is 35 and not 34.
  const frac = (fracPart + '000').slice(0, 3)
  const cents = Number(digits || '0') * 100 + Math.round(Number(frac) / 10)
  if (!Number.isSafeInteger(cents)) return undefined
  return negative ? -cents : cents
}

function decimalMarkOf(s: string, hint: DecimalMark): DecimalMark | undefined {
  const lastComma = s.lastIndexOf(',')
  const lastDot = s.lastIndexOf('.')
  if (lastComma >= 0 && lastDot >= 0) return lastComma > lastDot ? ',' : '.'
  const mark: DecimalMark | undefined = lastComma >= 0 ? ',' : lastDot >= 0 ? '.' : undefined
  if (mark === undefined) return hint
  const occurrences = s.split(mark).length - 1
  // 1.234.567 → thousands only; the decimal mark is the other one.
  if (occurrences > 1) return mark === ',' ? '.' : ','
  // "0.500" and ".500": a leading group of 0 (or none) cannot be thousands, so it is 0.50.
  if (/^0*$/.test(s.slice(0, s.indexOf(mark)))) return mark
  const after = s.length - s.lastIndexOf(mark) - 1
  if (after === 3) return hint === mark ? mark : mark === ',' ? '.' : ','
  return mark
}

/**
 * The decimal mark a column uses, judged from its unambiguous values (`12,5`, `1.234,56`);
 * `fallback` when none tells (German Excel files, which use `;`, default to `,`).
 */
export function detectDecimalMark(values: readonly string[], fallback: DecimalMark): DecimalMark {
  let comma = 0
  let dot = 0
  for (const v of values) {
    const s = v.replace(/[^0-9.,]/g, '')
    const c = s.lastIndexOf(',')
    const d = s.lastIndexOf('.')
    if (c >= 0 && d >= 0) {
      if (c > d) comma++
      else dot++
      continue
    }
    const mark = c >= 0 ? ',' : d >= 0 ? '.' : undefined
    if (!mark) continue
    const after = s.length - s.lastIndexOf(mark) - 1
    if (s.split(mark).length === 2 && after !== 3 && after > 0) {
      if (mark === ',') comma++
      else dot++
    }
  }
  if (comma === dot) return fallback
  return comma > dot ? ',' : '.'
}
