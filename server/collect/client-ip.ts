import { isIP } from 'node:net'
import { normaliseIp } from './cidr'

/**
 * The visitor's address. With `hops` trusted proxies in front (TRUST_PROXY), the client is
 * the hops-th address from the right of X-Forwarded-For: each proxy appends the address it
 * received the request from, and entries further left could be forged by the client.
 * Without trusted proxies the socket's address is the only one believed.
 */
export function getClientIp(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  hops: number,
): string {
  if (hops > 0 && forwardedFor) {
    const chain = forwardedFor
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    const candidate = chain[Math.max(0, chain.length - hops)]
    if (candidate) {
      const ip = normaliseIp(stripPort(candidate))
      if (isIP(ip)) return ip
    }
  }
  return socketAddress ? normaliseIp(socketAddress) : ''
}

// Some proxies write "1.2.3.4:5678" or "[2001:db8::1]:443" (RFC 7239 style) into the header.
function stripPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry)
  if (bracketed?.[1]) return bracketed[1]
  const v4 = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(entry)
  return v4?.[1] ?? entry
}
