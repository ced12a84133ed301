// Runs the benchmarks in bench/: `npm run bench` runs each bench/<name>/run.ts,
// `npm run bench -- <name> [args…]` runs one with its own arguments.
import { build } from 'esbuild'
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'

const [only, ...args] = process.argv.slice(2)
const names = only ? [only] : readdirSync('bench').filter((d) => existsSync(`bench/${d}/run.ts`))
if (names.length === 0) {
  console.error('No benchmarks found (bench/<name>/run.ts).')
  process.exit(1)
}
for (const name of names) {
  if (!existsSync(`bench/${name}/run.ts`)) {
    console.error(`No benchmark "${name}": bench/${name}/run.ts does not exist.`)
    process.exit(1)
  }
  const outfile = `dist/bench/${name}.js`
  await build({
    entryPoints: [`bench/${name}/run.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  })
  console.log(`\n== bench/${name}`)
  const r = spawnSync(process.execPath, ['--expose-gc', outfile, ...args], { stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
