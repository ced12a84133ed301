// Development: rebuilds the server bundle on every change and restarts it (node --watch).
// The tracker and the dashboard are built once at start; run `npm run build` after changing them.
import { context } from 'esbuild'
import { spawn, spawnSync } from 'node:child_process'

const built = spawnSync(process.execPath, ['scripts/build.js'], { stdio: 'inherit' })
if (built.status !== 0) process.exit(built.status ?? 1)

const ctx = await context({
  entryPoints: ['server/main.ts'],
  outdir: 'dist/server',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'info',
})
await ctx.watch()
const server = spawn(process.execPath, ['--watch', '--enable-source-maps', 'dist/server/main.js'], {
  stdio: 'inherit',
})
const stop = () => {
  server.kill('SIGTERM')
  void ctx.dispose()
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
server.on('exit', (code) => process.exit(code ?? 0))
