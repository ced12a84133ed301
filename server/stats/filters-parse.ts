import { isEventDimension, isKnownDimension, isTimeDimension } from './dimensions'
import { FILTER_OPS, type Filter, type FilterOp, type Parsed } from './query'

const MAX_DEPTH = 8
const MAX_VALUES = 500
const MAX_VALUE_LENGTH = 2000
// Each condition, and each pattern of a regular-expression filter, becomes a term of the SQL,
// which ClickHouse takes up to max_query_size (256 KiB).
const MAX_CONDITIONS = 1000

const fail = (field: string, error: string): Parsed<never> => ({
  ok: false,
  field,
  error: `${field}: ${error}`,
})

/** Parses Plausible v2 filters: [op, dimension, values, modifiers?] leaves under and/or/not. */
export function parseFilters(input: unknown, field = 'filters'): Parsed<Filter[]> {
  if (input === undefined) return { ok: true, value: [] }
  if (!Array.isArray(input)) return fail(field, 'must be a list of filters')
  const out: Filter[] = []
  for (const [i, item] of input.entries()) {
    const parsed = parseFilter(item, `${field}[${i}]`, 0)
    if (!parsed.ok) return parsed
    out.push(parsed.value)
  }
  const conditions = filterLeaves(out).reduce(
    (n, leaf) => n + (leaf.op === 'matches' || leaf.op === 'matches_not' ? leaf.values.length : 1),
    0,
  )
  if (conditions > MAX_CONDITIONS)
    return fail(
      field,
      `at most ${MAX_CONDITIONS} conditions (each pattern of matches counts), not ${conditions}`,
    )
  return { ok: true, value: out }
}

function parseFilter(
  input: unknown,
  field: string,
  depth: number,
  /** The behavioural filter this one is inside, if any. */
  behavioural?: string,
): Parsed<Filter> {
  if (depth > MAX_DEPTH) return fail(field, `filters nest at most ${MAX_DEPTH} deep`)
  if (!Array.isArray(input) || typeof input[0] !== 'string')
    return fail(field, 'a filter is a list such as ["is", "visit:country", ["DE"]]')
  const op: string = input[0]
  if (op === 'and' || op === 'or') {
    if (input.length !== 2 || !Array.isArray(input[1]) || input[1].length === 0)
      return fail(field, `"${op}" takes one non-empty list of filters`)
    const filters: Filter[] = []
    for (const [i, child] of (input[1] as unknown[]).entries()) {
      const parsed = parseFilter(child, `${field}[1][${i}]`, depth + 1, behavioural)
      if (!parsed.ok) return parsed
      filters.push(parsed.value)
    }
    return { ok: true, value: { op, filters } }
  }
  if (op === 'not' || op === 'has_done' || op === 'has_not_done') {
    if (input.length !== 2) return fail(field, `"${op}" takes one filter`)
    if (op !== 'not' && behavioural)
      return fail(field, `"${op}" cannot be used inside "${behavioural}"`)
    const parsed = parseFilter(input[1], `${field}[1]`, depth + 1, op === 'not' ? behavioural : op)
    return parsed.ok ? { ok: true, value: { op, filter: parsed.value } } : parsed
  }
  if (!(FILTER_OPS as readonly string[]).includes(op))
    return fail(
      field,
      `unknown operator "${op.slice(0, 40)}"; use ${FILTER_OPS.join(', ')}, and, or, not, has_done, has_not_done`,
    )
  const [, dimension, values, modifiers] = input as [unknown, unknown, unknown, unknown]
  if (input.length < 3 || input.length > 4)
    return fail(field, `"${op}" takes a dimension and values`)
  if (typeof dimension !== 'string' || !isKnownDimension(dimension) || isTimeDimension(dimension))
    return fail(`${field}[1]`, `cannot filter by "${String(dimension).slice(0, 60)}"`)
  if (behavioural && !isEventDimension(dimension))
    return fail(
      `${field}[1]`,
      `"${behavioural}" takes filters on event dimensions (event:name, event:page, event:goal, event:props:…), not "${dimension.slice(0, 60)}"`,
    )
  if (
    !Array.isArray(values) ||
    values.length === 0 ||
    values.length > MAX_VALUES ||
    !values.every((v) => typeof v === 'string' || typeof v === 'number')
  )
    return fail(`${field}[2]`, `must be a list of 1 to ${MAX_VALUES} strings`)
  const strings = values.map(String)
  if (strings.some((v) => v.length > MAX_VALUE_LENGTH))
    return fail(`${field}[2]`, `values are at most ${MAX_VALUE_LENGTH} characters`)
  let caseSensitive = true
  if (modifiers !== undefined) {
    if (typeof modifiers !== 'object' || modifiers === null || Array.isArray(modifiers))
      return fail(`${field}[3]`, 'modifiers are an object such as {"case_sensitive": false}')
    for (const [key, value] of Object.entries(modifiers)) {
      if (key !== 'case_sensitive' || typeof value !== 'boolean')
        return fail(`${field}[3]`, `unknown modifier "${key.slice(0, 40)}"`)
      caseSensitive = value
    }
  }
  return { ok: true, value: { op: op as FilterOp, dimension, values: strings, caseSensitive } }
}

/** Every leaf of a filter tree. */
export function filterLeaves(filters: Filter[]): Array<Extract<Filter, { values: string[] }>> {
  return filters.flatMap((f) =>
    'values' in f ? [f] : 'filters' in f ? filterLeaves(f.filters) : filterLeaves([f.filter]),
  )
}

/**
 * The leaves that filter hits or visits by their own values: those inside has_done and
 * has_not_done only choose whole visits, so they are left out.
 */
export function directLeaves(filters: Filter[]): Array<Extract<Filter, { values: string[] }>> {
  return filters.flatMap((f) =>
    'values' in f
      ? [f]
      : 'filters' in f
        ? directLeaves(f.filters)
        : f.op === 'not'
          ? directLeaves([f.filter])
          : [],
  )
}
