// Builds what `npm start` runs: the server bundle, the dashboard and the tracker variants.
import { build } from 'esbuild'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

await build({
  entryPoints: ['server/main.ts', 'server/cli.ts'].filter((f) => existsSync(f)),
  outdir: 'dist/server',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
})

for (const script of ['tracker/build.js', 'dashboard/build.js']) {
  if (!existsSync(script)) continue
  const r = spawnSync(process.execPath, [script], { stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
