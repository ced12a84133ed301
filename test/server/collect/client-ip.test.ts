import { describe, expect, test } from 'vitest'
import { compileCidrs, ipInList } from '../../../server/collect/cidr'
import { getClientIp } from '../../../server/collect/client-ip'

describe('getClientIp', () => {
  test.each([
    ['socket only', '198.51.100.1', undefined, 0, '198.51.100.1'],
    [
      'forwarded header ignored without trusted proxies',
      '198.51.100.1',
      '203.0.113.9',
      0,
      '198.51.100.1',
    ],
    ['one trusted proxy: the last entry', '10.0.0.2', '203.0.113.9', 1, '203.0.113.9'],
    ['one proxy, client forged an entry', '10.0.0.2', '1.2.3.4, 203.0.113.9', 1, '203.0.113.9'],
    ['two proxies', '10.0.0.2', '1.2.3.4, 203.0.113.9, 10.0.0.1', 2, '203.0.113.9'],
    ['more hops than entries: the leftmost', '10.0.0.2', '203.0.113.9', 3, '203.0.113.9'],
    ['IPv4-mapped socket address', '::ffff:198.51.100.7', undefined, 0, '198.51.100.7'],
    ['IPv6 in the header', '10.0.0.2', '2001:db8::5', 1, '2001:db8::5'],
    ['entry with a port', '10.0.0.2', '203.0.113.9:51234', 1, '203.0.113.9'],
    ['bracketed IPv6 with a port', '10.0.0.2', '[2001:db8::5]:443', 1, '2001:db8::5'],
    ['garbage in the header falls back to the socket', '10.0.0.2', 'unknown', 1, '10.0.0.2'],
    ['no socket, no header', undefined, undefined, 0, ''],
  ])('%s', (_label, socket, header, hops, expected) => {
    expect(getClientIp(socket, header, hops)).toBe(expected)
  })
})

describe('compileCidrs / ipInList', () => {
  const list = compileCidrs(['192.0.2.0/24', '198.51.100.7', '2001:db8::/32'])
  test.each([
    ['192.0.2.0', true],
    ['192.0.2.255', true],
    ['192.0.3.1', false],
    ['198.51.100.7', true],
    ['198.51.100.8', false],
    ['::ffff:192.0.2.9', true],
    ['2001:db8:1::1', true],
    ['2001:db9::1', false],
    ['not an ip', false],
  ])('%s → %s', (ip, expected) => {
    if (!list.ok) throw new Error(list.error)
    expect(ipInList(list.value, ip)).toBe(expected)
  })

  test.each(['300.1.1.1/8', '10.0.0.0/33', '2001:db8::/129', 'office', '10.0.0.0/8/1'])(
    '%s is refused',
    (bad) => {
      expect(compileCidrs([bad])).toEqual({
        ok: false,
        error: `not an IP address or CIDR range: ${bad}`,
      })
    },
  )
})
