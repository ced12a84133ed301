import type { Store } from '../store'
import { StatsQueryError } from './errors'
import type { Filter } from './query'

// ClickHouse's error code for a pattern RE2 cannot compile.
const CANNOT_COMPILE_REGEXP = /\bCode: 427\b/

interface Pattern {
  field: string
  pattern: string
}

/** The patterns of a filter's matches/matches_not leaves that reach ClickHouse, with their fields. */
function patternsOf(f: Filter, at: string): Pattern[] {
  if ('filters' in f) return f.filters.flatMap((child, i) => patternsOf(child, `${at}[1][${i}]`))
  if ('filter' in f) return patternsOf(f.filter, `${at}[1]`)
  if (f.op !== 'matches' && f.op !== 'matches_not') return []
  return f.values.map((v) => ({ field: `${at}[2]`, pattern: f.caseSensitive ? v : `(?i)${v}` }))
}

const compiles = async (store: Store, patterns: string[]) => {
  try {
    const columns = patterns.map((_, i) => `match('', {r${i}:String}) AS m${i}`)
    await store.reader.query(
      'checkFilterPatterns',
      `SELECT ${columns.join(', ')}`,
      Object.fromEntries(patterns.map((p, i) => [`r${i}`, p])),
    )
    return true
  } catch (error) {
    if (error instanceof Error && CANNOT_COMPILE_REGEXP.test(error.message)) return false
    throw error
  }
}

/**
 * Throws a StatsQueryError naming the first pattern RE2 (ClickHouse's regex engine) cannot
 * compile, so it is a 400 and not a failed query. Only RE2 itself can judge: JavaScript refuses
 * what RE2 accepts (`(?i)`, `(?P<name>…)`, `\z`) and accepts what it refuses (`\Z`, `a{1001}`).
 */
export async function assertPatternsCompile(store: Store, filters: Filter[]): Promise<void> {
  const patterns = filters.flatMap((f, i) => patternsOf(f, `filters[${i}]`))
  if (
    patterns.length === 0 ||
    (await compiles(
      store,
      patterns.map((p) => p.pattern),
    ))
  )
    return
  for (const p of patterns)
    if (!(await compiles(store, [p.pattern])))
      throw new StatsQueryError(p.field, 'not a valid regular expression (RE2 syntax)')
}
