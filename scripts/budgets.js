// The last step of `npm test`: size budgets of what ships, measured on the built artifacts.
//   tracker: gzip -9 of the default variant ≤ 1,024 B, of every variant ≤ 1,536 B
//   dashboard: initial JavaScript ≤ 100 KB gzip
import { existsSync, readFileSync } from 'node:fs'

const TRACKER_DEFAULT_MAX = 1024
const TRACKER_ANY_MAX = 1536
const DASHBOARD_INITIAL_MAX = 100 * 1024

const failures = []
const read = (file) => {
  if (!existsSync(file)) {
    failures.push(`${file} is missing: run npm run build`)
    return undefined
  }
  return JSON.parse(readFileSync(file, 'utf8'))
}

const tracker = read('tracker/dist/variants.json')
if (tracker) {
  const entries = Object.entries(tracker.sizes)
  const name = (key) => (key === '' ? '(base)' : key)
  const def = tracker.sizes[tracker.defaultVariant]
  const largest = entries.reduce((a, b) => (b[1].gzip > a[1].gzip ? b : a))
  console.log(
    `tracker: ${entries.length} variants; default "${name(tracker.defaultVariant)}" ${def.gzip} B gzip ` +
      `(budget ${TRACKER_DEFAULT_MAX}); largest "${name(largest[0])}" ${largest[1].gzip} B (budget ${TRACKER_ANY_MAX})`,
  )
  if (def.gzip > TRACKER_DEFAULT_MAX)
    failures.push(`tracker default variant is ${def.gzip} B gzip, over ${TRACKER_DEFAULT_MAX} B`)
  for (const [key, size] of entries)
    if (size.gzip > TRACKER_ANY_MAX)
      failures.push(
        `tracker variant "${name(key)}" is ${size.gzip} B gzip, over ${TRACKER_ANY_MAX} B`,
      )
}

const dashboard = read('dist/dashboard/sizes.json')
if (dashboard) {
  console.log(
    `dashboard: initial JavaScript ${(dashboard.initialJsGzip / 1024).toFixed(1)} KB gzip ` +
      `(budget ${DASHBOARD_INITIAL_MAX / 1024} KB), CSS ${(dashboard.cssGzip / 1024).toFixed(1)} KB gzip`,
  )
  if (dashboard.initialJsGzip > DASHBOARD_INITIAL_MAX)
    failures.push(
      `dashboard initial JavaScript is ${dashboard.initialJsGzip} B gzip, over ${DASHBOARD_INITIAL_MAX} B`,
    )
}

if (failures.length > 0) {
  console.error(`Budgets exceeded:\n  ${failures.join('\n  ')}`)
  process.exit(1)
}
console.log('budgets: all within limits')
