import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { beforeAll, describe, expect, test } from 'vitest'
import {
  BUDGET,
  DEFAULT_VALUES,
  DEFAULT_VARIANT,
  EXTRAS,
  FLAGS,
  buildTracker,
  keyCell,
  overBudget,
  type TrackerBuildOutput,
} from '../../tracker/build.js'
import { parseConfig } from '../../server/config'
import { TRACKER_FEATURES, parseSiteSettings } from '../../server/sites/settings'
import { TrackerScripts } from '../../server/tracker/scripts'
import { DEFAULT_FEATURES, VARIANT_FLAGS, variantKeyFor } from '../../server/tracker/variants'

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

let out: TrackerBuildOutput
beforeAll(async () => {
  out = await buildTracker()
}, 60_000)

describe('size budgets (gzip -9, as served with the default configuration)', () => {
  test('every variant is within its budget', () => {
    const rows = Object.entries(out.sizes)
      .sort((a, b) => a[1].gzip - b[1].gzip)
      .map(
        ([key, s]) =>
          `${(key || '(none)').padEnd(58)} ${String(s.raw).padStart(5)} B min  ${String(s.gzip).padStart(5)} B gzip  ${String(s.brotli).padStart(5)} B br`,
      )
    console.log(`tracker variants (${rows.length}):\n${rows.join('\n')}`)
    expect(overBudget(out.sizes)).toEqual([])
    expect(out.sizes[DEFAULT_VARIANT]?.gzip).toBeLessThanOrEqual(BUDGET.default)
    const all = FLAGS.join(',')
    expect(out.sizes[all]?.gzip).toBeLessThanOrEqual(BUDGET.other)
  })

  test('the default variant as the server serves it is the one measured', () => {
    const config = parseConfig({}, '/nonexistent')
    if (!config.ok) throw new Error(config.error)
    const scripts = new TrackerScripts(out, config.value)
    expect(scripts.fallback.gzip.length).toBe(out.sizes[DEFAULT_VARIANT]?.gzip)
    expect(gunzipSync(scripts.fallback.gzip).length).toBe(out.sizes[DEFAULT_VARIANT]?.raw)
  })

  test('tracker/SIZES.md lists the current sizes (node tracker/build.js --sizes)', () => {
    const md = readFileSync('tracker/SIZES.md', 'utf8')
    for (const [key, s] of Object.entries(out.sizes))
      expect(md, `row of variant "${key}"`).toMatch(
        new RegExp(
          `\\| ${escape(keyCell(key))} +\\| ${s.raw} +\\| ${s.gzip} +\\| ${s.brotli} +\\|`,
        ),
      )
  })
})

describe('the build agrees with the server', () => {
  test('flags: the optional features, then paths and privacy', () => {
    expect(FLAGS).toEqual([...VARIANT_FLAGS])
    expect(EXTRAS).toEqual(TRACKER_FEATURES.filter((f) => !DEFAULT_FEATURES.includes(f)))
    expect(Object.keys(out.variants)).toHaveLength(2 ** FLAGS.length)
  })

  test('the default settings select the default variant', () => {
    expect(variantKeyFor(parseSiteSettings('{}'))).toBe(DEFAULT_VARIANT)
  })

  test('the size table uses the default download extensions', () => {
    expect(DEFAULT_VALUES.EXTENSIONS).toBe(parseSiteSettings('{}').downloadExtensions.join('|'))
  })

  test('no variant carries the product name or a default path before filling', () => {
    for (const code of Object.values(out.variants)) {
      expect(code).not.toMatch(/spur/i)
      expect(code).not.toContain('/js/script.js')
      expect(code).not.toContain('/api/event')
    }
  })
})
