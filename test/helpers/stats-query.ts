import type { TestApp } from './app'

/** Posts a Stats API v2 body and returns status and JSON. */
export async function postQuery(
  t: TestApp,
  headers: Record<string, string>,
  body: Record<string, unknown>,
): Promise<{
  status: number
  json: Record<string, unknown> & { results?: unknown; meta?: unknown; error?: string }
}> {
  const res = await t.request('POST', '/api/v2/query', body, headers)
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}

/** Results as [dimensions, metrics] pairs, the easiest shape to compare exactly. */
export function rowsOf(json: { results?: unknown }): Array<[string[], number[]]> {
  const results = (json.results ?? []) as Array<{ dimensions: string[]; metrics: number[] }>
  return results.map((r) => [r.dimensions, r.metrics])
}
