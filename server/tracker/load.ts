import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

/**
 * Where tracker/build.js writes the variants. Two levels up from this file both in the
 * sources (server/tracker/) and in the bundle (dist/server/), so one path serves both.
 */
export const TRACKER_BUILD_FILE = fileURLToPath(
  new URL('../../tracker/dist/variants.json', import.meta.url),
)

const buildSchema = z.object({
  flags: z.array(z.string()),
  defaultVariant: z.string(),
  placeholders: z.record(z.string(), z.string()),
  variants: z.record(z.string(), z.string()),
})

/** The output of tracker/build.js: every variant, keyed by its comma-separated flags. */
export type TrackerBuild = z.output<typeof buildSchema>

export type LoadResult = { ok: true; value: TrackerBuild } | { ok: false; error: string }

/** Reads the built variants; a missing or unreadable build is an error naming the fix. */
export function loadTrackerBuild(file = TRACKER_BUILD_FILE): LoadResult {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return { ok: false, error: `The tracker is not built (${file} is missing); run npm run build` }
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { ok: false, error: `${file} is not valid JSON; run npm run build` }
  }
  const parsed = buildSchema.safeParse(json)
  if (!parsed.success) return { ok: false, error: `${file} has an unexpected shape; rebuild it` }
  if (!(parsed.data.defaultVariant in parsed.data.variants))
    return { ok: false, error: `${file} lacks the default variant; rebuild it` }
  return { ok: true, value: parsed.data }
}
