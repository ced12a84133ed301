import { chooseEncoding, etagOf, notModified, type PreparedScript } from './compress'

/**
 * Browsers use their copy for an hour, then keep using it while they revalidate with the
 * ETag in the background (a 304 of a few hundred bytes), so a changed setting or an upgrade
 * reaches returning visitors within about an hour and the script never blocks a page.
 */
export const TRACKER_CACHE_CONTROL = 'public, max-age=3600, stale-while-revalidate=604800'

/** The HTTP response for a prepared script, honouring Accept-Encoding and If-None-Match. */
export function scriptResponse(
  script: PreparedScript,
  request: { acceptEncoding: string | undefined; ifNoneMatch: string | undefined },
): Response {
  const encoding = chooseEncoding(request.acceptEncoding)
  const headers = new Headers({
    'cache-control': TRACKER_CACHE_CONTROL,
    etag: etagOf(script, encoding),
    vary: 'Accept-Encoding',
    // Pages with Cross-Origin-Embedder-Policy may still load the script from another origin.
    'cross-origin-resource-policy': 'cross-origin',
    'access-control-allow-origin': '*',
  })
  if (notModified(script, request.ifNoneMatch)) return new Response(null, { status: 304, headers })
  headers.set('content-type', 'text/javascript; charset=utf-8')
  headers.set('x-content-type-options', 'nosniff')
  if (encoding !== 'identity') headers.set('content-encoding', encoding)
  const body = script[encoding]
  headers.set('content-length', String(body.length))
  return new Response(new Uint8Array(body), { status: 200, headers })
}
