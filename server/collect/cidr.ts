import { BlockList, isIPv4, isIPv6 } from 'node:net'

export type CidrResult = { ok: true; value: BlockList } | { ok: false; error: string }

/** Normalises an address: IPv4-mapped IPv6 (::ffff:1.2.3.4) becomes plain IPv4. */
export function normaliseIp(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  return mapped?.[1] ?? ip
}

/**
 * Compiles CIDR ranges ("203.0.113.0/24", "2001:db8::/32") and single addresses into a
 * node:net BlockList. The first bad entry is named in the error.
 */
export function compileCidrs(ranges: readonly string[]): CidrResult {
  const list = new BlockList()
  for (const raw of ranges) {
    const [addr = '', bits, extra] = raw.trim().split('/')
    const type = isIPv4(addr) ? 'ipv4' : isIPv6(addr) ? 'ipv6' : undefined
    const prefix = bits === undefined ? undefined : Number(bits)
    const max = type === 'ipv4' ? 32 : 128
    if (
      !type ||
      extra !== undefined ||
      (prefix !== undefined && (!Number.isInteger(prefix) || prefix < 0 || prefix > max))
    )
      return { ok: false, error: `not an IP address or CIDR range: ${raw}` }
    if (prefix === undefined) list.addAddress(addr, type)
    else list.addSubnet(addr, prefix, type)
  }
  return { ok: true, value: list }
}

/** True when `ip` falls in one of the ranges. An unparsable address matches nothing. */
export function ipInList(list: BlockList, ip: string): boolean {
  const addr = normaliseIp(ip)
  if (isIPv4(addr)) return list.check(addr, 'ipv4')
  if (isIPv6(addr)) return list.check(addr, 'ipv6')
  return false
}
