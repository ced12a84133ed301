// Builds the dashboard: esbuild with code splitting, content-hashed file names and an
// index.html that loads the entry. Records the gzip size of the JavaScript a first visit
// downloads (entry + its static imports) in dist/dashboard/sizes.json for the budget check.
import { build } from 'esbuild'
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { basename, join, relative, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { worldMapPlugin } from './world-map-data.js'

const OUT = 'dist/dashboard'
const ASSETS = join(OUT, 'assets')
// Old hashed files are kept for a while instead of wiping the folder first: a running server
// (or an open tab) may still ask for the previous build's chunks while this one is written.
const KEEP_OLD_MS = 3600_000
mkdirSync(ASSETS, { recursive: true })

const result = await build({
  entryPoints: { main: 'dashboard/src/main.tsx' },
  outdir: ASSETS,
  bundle: true,
  splitting: true,
  format: 'esm',
  target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
  minify: true,
  sourcemap: false,
  metafile: true,
  legalComments: 'none',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  entryNames: '[name]-[hash]',
  chunkNames: 'chunks/[name]-[hash]',
  assetNames: '[name]-[hash]',
  logLevel: 'warning',
  plugins: [worldMapPlugin],
})

const outputs = result.metafile.outputs
const entry = Object.keys(outputs).find((f) => outputs[f].entryPoint === 'dashboard/src/main.tsx')
if (!entry) throw new Error('dashboard build produced no entry')
// CSS imported by lazily loaded screens (e.g. segments) comes out as separate files that no
// script loads; all stylesheets are linked up front instead (they are small).
const main = outputs[entry].cssBundle
const css = Object.keys(outputs)
  .filter((f) => f.endsWith('.css'))
  .sort((a, b) => (a === main ? -1 : b === main ? 1 : a.localeCompare(b)))

/** The entry and every chunk it imports statically: what the browser fetches up front. */
function initialFiles(file, seen = new Set()) {
  if (seen.has(file)) return seen
  seen.add(file)
  for (const imp of outputs[file]?.imports ?? [])
    if (imp.kind === 'import-statement' && !imp.external) initialFiles(imp.path, seen)
  return seen
}
const gz = (f) => gzipSync(readFileSync(f), { level: 9 }).length
const initial = [...initialFiles(entry)]
const lazy = Object.keys(outputs).filter((f) => f.endsWith('.js') && !initial.includes(f))
const url = (f) => '/' + relative(OUT, f).split('\\').join('/')

copyFileSync('dashboard/src/favicon.svg', join(OUT, 'favicon.svg'))
const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Spur</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
${css.map((f) => `<link rel="stylesheet" href="${url(f)}">`).join('\n')}
${initial
  .filter((f) => f !== entry)
  .map((f) => `<link rel="modulepreload" href="${url(f)}">`)
  .join('\n')}
<script type="module" src="${url(entry)}"></script>
</head>
<body>
<div id="app"></div>
<noscript>Spur's dashboard needs JavaScript.</noscript>
</body>
</html>
`
// Written under a temporary name and renamed, so a reader never sees half a file.
writeFileSync(join(OUT, 'index.html.tmp'), html)
renameSync(join(OUT, 'index.html.tmp'), join(OUT, 'index.html'))

const current = new Set(Object.keys(outputs).map((f) => resolve(f)))
for (const dir of [ASSETS, join(ASSETS, 'chunks')])
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const file = resolve(dir, name.name)
    if (name.isFile() && !current.has(file) && Date.now() - statSync(file).mtimeMs > KEEP_OLD_MS)
      rmSync(file)
  }

const sizes = {
  initialJsGzip: initial.reduce((sum, f) => sum + gz(f), 0),
  initialFiles: initial.map((f) => basename(f)),
  cssGzip: css.reduce((sum, f) => sum + gz(f), 0),
  lazyChunksGzip: Object.fromEntries(lazy.map((f) => [basename(f), gz(f)])),
  budgetInitialJsGzip: 100 * 1024,
}
writeFileSync(join(OUT, 'sizes.json'), JSON.stringify(sizes, null, 2) + '\n')
if (sizes.initialJsGzip > sizes.budgetInitialJsGzip) {
  console.error(`dashboard: initial JS ${sizes.initialJsGzip} B gzip exceeds 100 KB`)
  process.exit(1)
}
