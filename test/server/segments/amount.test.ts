import { describe, expect, test } from 'vitest'
import { detectDecimalMark, parseAmount } from '../../../server/segments/amount'

describe('parseAmount', () => {
  test.each([
    ['1.234,56 €', ',', 123456],
    ['1,234.56', '.', 123456],
    ['1.234,56', '.', 123456],
    ['1,234.56', ',', 123456],
    ['EUR 99', ',', 9900],
    ['99 EUR', '.', 9900],
    ['€ 12,5', ',', 1250],
    ['12.5', ',', 1250],
    ['1.234', ',', 123400],
    ['1.234', '.', 123],
    ['1,234', '.', 123400],
    ['1,234', ',', 123],
    ['1.234.567', '.', 123456700],
    ['1,234,567.891', '.', 123456789],
    ["1'234.50", '.', 123450],
    ['1 234,50', ',', 123450],
    ['1\u00a0234,50 €', ',', 123450],
    ['-12,50', ',', -1250],
    ['12,50-', ',', -1250],
    ['(12.50)', '.', -1250],
    ['0,345', ',', 35],
    ['0,999', ',', 100],
    ['+7', '.', 700],
    [',5', ',', 50],
    // A leading group of 0 is never a thousands group: the mark is the decimal mark.
    ['0.500', ',', 50],
    ['0,500', '.', 50],
    ['0.500 €', ',', 50],
    ['-0.500', ',', -50],
    ['00.250', ',', 25],
    ['.500', ',', 50],
    [',500', '.', 50],
  ] as const)('%s (hint %s) → %i cents', (input, hint, cents) => {
    expect(parseAmount(input, hint)).toBe(cents)
  })

  test.each([
    '',
    'abc',
    'kein Umsatz',
    '12,34,56.7.8',
    '1.23.4',
    '€',
    '12a',
    '1,2,3',
    '0.500.000',
    '0.500,00',
    '01.234,56',
  ])('%j is not an amount', (input) => {
    expect(parseAmount(input, ',')).toBeUndefined()
  })
})

describe('detectDecimalMark', () => {
  test.each([
    [['1.234,56', '12,5'], '.', ','],
    [['1,234.56', '12.5'], ',', '.'],
    [['1.234', '5.000'], ',', ','],
    [['1.234', '5.000'], '.', '.'],
    [['100', '200'], ',', ','],
    [['12,5', '3,25', '1,234.00'], '.', ','],
  ] as const)('%j with fallback %s → %s', (values, fallback, mark) => {
    expect(detectDecimalMark(values, fallback)).toBe(mark)
  })
})
