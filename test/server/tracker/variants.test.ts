import { runInNewContext } from 'node:vm'
import { describe, expect, test } from 'vitest'
import { parseConfig } from '../../../server/config'
import { compilePathPatterns } from '../../../server/collect/url'
import { parseSiteSettings, type SiteSettingsInput } from '../../../server/sites/settings'
import {
  fillValuesFor,
  fillVariant,
  pathPatternSource,
  variantKeyFor,
} from '../../../server/tracker/variants'

const settings = (s: SiteSettingsInput) => parseSiteSettings(JSON.stringify(s))

describe('variantKeyFor', () => {
  test.each<[string, SiteSettingsInput, string]>([
    ['default settings', {}, 'privacy'],
    ['privacy signals ignored', { honourPrivacySignals: false }, ''],
    ['default features listed explicitly', { trackerFeatures: ['pageview', 'spa'] }, 'privacy'],
    ['one extra', { trackerFeatures: ['outbound'] }, 'outbound,privacy'],
    [
      'extras in any order, duplicates',
      { trackerFeatures: ['not-found', 'hash', 'not-found', 'tagged'] },
      'hash,tagged,not-found,privacy',
    ],
    ['excluded paths', { excludedPaths: ['/admin*'] }, 'paths,privacy'],
    ['included paths', { includedPaths: ['/shop*'], honourPrivacySignals: false }, 'paths'],
    [
      'everything',
      {
        trackerFeatures: ['hash', 'outbound', 'downloads', 'tagged', 'not-found'],
        excludedPaths: ['/x'],
      },
      'hash,outbound,downloads,tagged,not-found,paths,privacy',
    ],
  ])('%s → %s', (_name, input, key) => {
    expect(variantKeyFor(settings(input))).toBe(key)
  })

  test('no settings (unknown site) → the default variant', () => {
    expect(variantKeyFor()).toBe('privacy')
  })
})

describe('pathPatternSource', () => {
  const paths = ['/', '/admin', '/admin/users', '/blog/2024/post', '/blog', '/a.b', '/aXb', '/x(1)']
  test.each([
    [['/admin*']],
    [['/blog/*/post', '/']],
    [['/a.b']],
    [['/x(1)']],
    [['*']],
    [['/blog']],
  ])('%j matches exactly the paths the collector drops', (patterns) => {
    const re = new RegExp(pathPatternSource(patterns))
    const collector = compilePathPatterns(patterns)
    for (const p of paths) expect(re.test(p), p).toBe(collector(p))
  })

  test('a pattern written as the dashboard shows a page also matches the path as the browser has it', () => {
    const re = new RegExp(pathPatternSource(['/über uns/*', '/#/straße']))
    for (const path of ['/über uns/team', '/%C3%BCber%20uns/team', '/#/straße', '/#/stra%C3%9Fe'])
      expect(re.test(path), path).toBe(true)
    expect(re.test('/%C3%BCber%20uns'), 'no sub-page').toBe(false)
    expect(re.test('/ueber-uns/team')).toBe(false)
  })

  test('no patterns → an empty source', () => {
    expect(pathPatternSource([])).toBe('')
  })
})

describe('fillValuesFor and fillVariant', () => {
  const parsed = parseConfig(
    { COLLECT_PATH: '/x/e', TRACKER_FUNCTION: 'ga7', SEGMENT_PARAM: 'ref' },
    '/nonexistent',
  )
  if (!parsed.ok) throw new Error(parsed.error)
  const config = parsed.value

  test('configuration and site settings give every placeholder its value', () => {
    expect(
      fillValuesFor(
        config,
        settings({ downloadExtensions: ['pdf', 'zip'], excludedPaths: ['/a*'], includedPaths: [] }),
      ),
    ).toEqual({
      COLLECT: '/x/e',
      FN: 'ga7',
      SEGMENT_PARAM: 'ref',
      EXTENSIONS: 'pdf|zip',
      INCLUDE: '',
      EXCLUDE: '^/a.*$',
    })
  })

  test('no excluded paths → a pattern that matches nothing', () => {
    expect(new RegExp(fillValuesFor(config).EXCLUDE).test('/anything')).toBe(false)
    expect(new RegExp(fillValuesFor(config).INCLUDE).test('/anything')).toBe(true)
  })

  test('values are escaped for the string literals they land in', () => {
    const code = 'f("%%A%%"),g("\\\\.(%%B%%)$")'
    const out = fillVariant(code, { A: '%%A%%', B: '%%B%%' }, { A: '^/a\\.b$|"q"', B: 'pdf|zip' })
    expect(out).toBe('f("^/a\\\\.b$|\\"q\\""),g("\\\\.(pdf|zip)$")')
    // The filled code evaluates to the intended strings.
    const seen: string[] = []
    const keep = (s: string) => seen.push(s)
    runInNewContext(out, { f: keep, g: keep })
    expect(seen).toEqual(['^/a\\.b$|"q"', '\\.(pdf|zip)$'])
  })

  test('a missing value is an error, not a script with a placeholder left in', () => {
    expect(() => fillVariant('x("%%A%%")', { A: '%%A%%' }, {})).toThrow(/placeholder A/)
  })
})
