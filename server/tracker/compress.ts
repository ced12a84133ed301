import { createHash } from 'node:crypto'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

/** A script ready to serve: the body in each encoding, compressed once, and its ETag. */
export interface PreparedScript {
  identity: Buffer
  gzip: Buffer
  br: Buffer
  /** Entity tag of the content (quoted, without the encoding suffix). */
  etag: string
}

export type Encoding = 'br' | 'gzip' | 'identity'

/** Compresses a script at the highest levels (done once per variant, not per request). */
export function prepareScript(text: string): PreparedScript {
  const identity = Buffer.from(text)
  return {
    identity,
    gzip: gzipSync(identity, { level: 9 }),
    br: brotliCompressSync(identity, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    }),
    etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`,
  }
}

/** The ETag of one encoding; each encoding is its own representation (RFC 9110 §8.8.3). */
export function etagOf(script: PreparedScript, encoding: Encoding): string {
  return encoding === 'identity' ? script.etag : `${script.etag.slice(0, -1)}-${encoding}"`
}

/** Picks brotli, then gzip, then identity from an Accept-Encoding header, honouring q=0. */
export function chooseEncoding(header: string | undefined): Encoding {
  const accepted = new Map<string, number>()
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';')
    if (!name) continue
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined)
    accepted.set(name, q === undefined ? 1 : Number(q))
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0
  if (ok('br')) return 'br'
  if (ok('gzip')) return 'gzip'
  return 'identity'
}

/**
 * Whether an If-None-Match header matches the script in any encoding: a cache holding the
 * gzip copy may revalidate with its tag after the client starts accepting brotli.
 */
export function notModified(script: PreparedScript, header: string | undefined): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  const tags = header.split(',').map((t) => t.trim().replace(/^W\//, ''))
  const mine = (['identity', 'gzip', 'br'] as const).map((e) => etagOf(script, e))
  return tags.some((t) => mine.includes(t))
}
