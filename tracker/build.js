// Builds every tracker variant ahead of time: one minified script per combination of the
// optional features, with placeholders that the server fills in from configuration at
// start-up. Output: tracker/dist/variants.json (read by server/tracker/load.ts).
// `node tracker/build.js --sizes` also rewrites tracker/SIZES.md.
import { build } from 'esbuild'
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const here = dirname(fileURLToPath(import.meta.url))

/** Optional features (server/sites/settings.ts TRACKER_FEATURES beyond the default five). */
export const EXTRAS = ['hash', 'outbound', 'downloads', 'tagged', 'not-found']
/**
 * Compile-time switches, in variant-key order: the extras, `paths` (the site has included or
 * excluded path patterns) and `privacy` (GPC and Do Not Track honoured).
 */
export const FLAGS = [...EXTRAS, 'paths', 'privacy']
/** The variant a site with default settings gets. */
export const DEFAULT_VARIANT = 'privacy'
/** gzip -9 budgets in bytes. */
export const BUDGET = { default: 1024, other: 1536 }
/** Placeholders the server replaces; they appear inside string literals of the output. */
export const PLACEHOLDERS = {
  COLLECT: '%%COLLECT%%',
  FN: '%%FN%%',
  SEGMENT_PARAM: '%%SEGMENT%%',
  EXTENSIONS: '%%EXTENSIONS%%',
  INCLUDE: '%%INCLUDE%%',
  EXCLUDE: '%%EXCLUDE%%',
}
/** Values used for the size table: the configuration defaults. */
export const DEFAULT_VALUES = {
  COLLECT: '/api/event',
  FN: 'spur',
  SEGMENT_PARAM: 'sg',
  EXTENSIONS:
    'pdf|xlsx|docx|txt|rtf|csv|exe|key|pps|ppt|pptx|7z|pkg|rar|gz|zip|avi|mov|mp4|mpeg|wmv|midi|mp3|wav|wma|dmg',
  INCLUDE: '',
  EXCLUDE: '^/admin.*$|^/account/.*$',
}

const SWITCH = {
  hash: 'HASH',
  outbound: 'OUTBOUND',
  downloads: 'DOWNLOADS',
  tagged: 'TAGGED',
  'not-found': 'NOT_FOUND',
  paths: 'PATHS',
  privacy: 'PRIVACY',
}

/** Every subset of FLAGS as a key: the flags it contains, comma-separated, in FLAGS order. */
export function allVariantKeys() {
  const keys = []
  for (let bits = 0; bits < 1 << FLAGS.length; bits++)
    keys.push(FLAGS.filter((_, i) => bits & (1 << i)).join(','))
  return keys
}

/**
 * Fills the placeholders of a built variant. They sit inside double-quoted string literals,
 * so each value is escaped as a JSON string body.
 */
export function fill(code, values) {
  let out = code
  for (const [name, token] of Object.entries(PLACEHOLDERS))
    out = out.split(token).join(JSON.stringify(values[name]).slice(1, -1))
  return out
}

async function buildVariant(key) {
  const on = new Set(key ? key.split(',') : [])
  const define = {}
  for (const flag of FLAGS) define[SWITCH[flag]] = on.has(flag) ? 'true' : 'false'
  for (const [name, token] of Object.entries(PLACEHOLDERS)) define[name] = JSON.stringify(token)
  const result = await build({
    entryPoints: [join(here, 'src/main.ts')],
    bundle: true,
    write: false,
    minify: true,
    format: 'iife',
    target: 'es2018',
    legalComments: 'none',
    // Strict mode changes nothing the script relies on; the directive is 13 bytes.
    tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
    define,
    logLevel: 'warning',
  })
  return result.outputFiles[0].text.trim()
}

/**
 * Builds all variants. Returns `{ flags, defaultVariant, placeholders, variants: { key: code },
 * sizes: { key: { raw, gzip, brotli } } }`; sizes are measured with DEFAULT_VALUES filled in.
 */
export async function buildTracker() {
  const keys = allVariantKeys()
  const codes = await Promise.all(keys.map(buildVariant))
  const variants = {}
  const sizes = {}
  keys.forEach((key, i) => {
    variants[key] = codes[i]
    const filled = Buffer.from(fill(codes[i], DEFAULT_VALUES))
    sizes[key] = {
      raw: filled.length,
      gzip: gzipSync(filled, { level: 9 }).length,
      brotli: brotliCompressSync(filled, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
      }).length,
    }
  })
  return {
    flags: FLAGS,
    defaultVariant: DEFAULT_VARIANT,
    placeholders: PLACEHOLDERS,
    variants,
    sizes,
  }
}

/** Variant keys that are over budget, with their size and budget. */
export function overBudget(sizes) {
  return Object.entries(sizes)
    .map(([key, s]) => ({
      key,
      gzip: s.gzip,
      budget: key === DEFAULT_VARIANT ? BUDGET.default : BUDGET.other,
    }))
    .filter((v) => v.gzip > v.budget)
}

/** A variant key as shown in tracker/SIZES.md. */
export function keyCell(key) {
  return key ? `\`${key}\`` : '(none)'
}

/** The Markdown of tracker/SIZES.md (before formatting). */
export function sizesMarkdown(sizes) {
  const label = (key) => {
    const on = key ? key.split(',') : []
    const extras = on.filter((f) => f !== 'privacy')
    return `${['default', ...extras].join(' + ')}${on.includes('privacy') ? '' : ' (GPC/DNT ignored)'}`
  }
  const rows = Object.entries(sizes)
    .sort((a, b) => a[1].gzip - b[1].gzip)
    .map(([key, s]) => `| ${label(key)} | ${keyCell(key)} | ${s.raw} | ${s.gzip} | ${s.brotli} |`)
  return [
    '# Tracker sizes',
    '',
    'Written by `node tracker/build.js --sizes`; checked by `test/tracker/budget.test.ts`.',
    `Bytes of each variant as served with the default configuration. Budgets (gzip -9): the default variant ≤ ${BUDGET.default} B, every other variant ≤ ${BUDGET.other} B.`,
    '"default" is pageview + SPA + custom events + engagement + segment tag with Global Privacy Control and Do Not Track honoured; "paths" is added when the site has included or excluded path patterns. See ARCHITECTURE.md.',
    '',
    '| Features | Variant key | Minified | gzip -9 | brotli 11 |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n')
}

function writeAtomic(file, text) {
  mkdirSync(dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, text)
  renameSync(tmp, file)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await buildTracker()
  writeAtomic(join(here, 'dist/variants.json'), JSON.stringify(out))
  const over = overBudget(out.sizes)
  const d = out.sizes[DEFAULT_VARIANT]
  console.log(
    `tracker: ${Object.keys(out.variants).length} variants; default ${d.gzip} B gzip, largest ${Math.max(...Object.values(out.sizes).map((s) => s.gzip))} B gzip`,
  )
  if (process.argv.includes('--sizes')) {
    const prettier = await import('prettier')
    const md = await prettier.format(sizesMarkdown(out.sizes), { parser: 'markdown' })
    writeAtomic(join(here, 'SIZES.md'), md)
  }
  if (over.length > 0) {
    for (const v of over) console.error(`tracker variant "${v.key}" is ${v.gzip} B > ${v.budget} B`)
    process.exit(1)
  }
}
