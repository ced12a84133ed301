import { describe, expect, test } from 'vitest'
import { csvField, exportName, resultToCsv, toCsv } from '../../../dashboard/src/export/csv'

describe('CSV', () => {
  test.each([
    ['plain', 'plain'],
    [42, '42'],
    [0.5, '0.5'],
    [null, ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+49 30', "'+49 30"],
    ['-cmd', "'-cmd"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['/blog?q=1', '/blog?q=1'],
  ])('%j → %s', (value, expected) => {
    expect(csvField(value)).toBe(expected)
  })

  test('rows end in CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, 'x']])).toBe('a,b\r\n1,x\r\n')
  })

  test('a Stats API answer becomes dimension columns then metric columns', () => {
    const csv = resultToCsv(['visit:source'], ['visitors', 'bounce_rate'], {
      results: [
        { dimensions: ['Google'], metrics: [6, 33.3] },
        { dimensions: ['Direct / None'], metrics: [3, 0] },
      ],
      meta: {},
      query: {},
    })
    expect(csv).toBe('visit:source,visitors,bounce_rate\r\nGoogle,6,33.3\r\nDirect / None,3,0\r\n')
  })

  test('file names are safe', () => {
    expect(exportName('shop.example.de', 'sources-channels', ['2026-01-01', '2026-01-31'])).toBe(
      'shop.example.de_sources-channels_2026-01-01_2026-01-31',
    )
    expect(exportName('a.de', 'x', ['2026-01-01T10:00:00Z', '2026-01-01T10:30:00Z'])).toBe(
      'a.de_x_2026-01-01T10-00-00Z_2026-01-01T10-30-00Z',
    )
  })
})
