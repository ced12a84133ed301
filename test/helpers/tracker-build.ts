import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const BUILD = fileURLToPath(new URL('../../tracker/build.js', import.meta.url))

/**
 * Rebuilds tracker/dist/variants.json from the current sources (half a second; written
 * atomically, so test files running at the same time never read half a file).
 */
export function buildTrackerVariants(): void {
  const r = spawnSync(process.execPath, [BUILD], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`tracker/build.js failed:\n${r.stdout}${r.stderr}`)
}
