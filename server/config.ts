import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseEnv } from 'node:util'
import { z } from 'zod'
import { parseBackupSchedule } from './backup/config'
import { ingestOptionsFromEnv } from './ingest/options'

const path = (name: string) =>
  z
    .string()
    .regex(/^\/[A-Za-z0-9._~\-/]*$/, `${name} must start with / and use only URL path characters`)
    .refine((p) => !p.includes('//') && !p.endsWith('/'), `${name} must not contain // or end in /`)

const schema = z.object({
  PORT: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be 1 to 65535')
    .max(65535, 'must be 1 to 65535')
    .default(8000),
  HOST: z.string().min(1).default('0.0.0.0'),
  BASE_URL: z
    .string()
    .url('must be an absolute URL such as https://stats.example.com')
    .refine((u) => /^https?:/.test(u), 'must use http or https')
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  CLICKHOUSE_URL: z.string().url('must be a URL such as http://localhost:8123').optional(),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier (letters, digits, _)')
    .default('spur'),
  TRACKER_PATH: path('TRACKER_PATH').default('/js/script.js'),
  TRACKER_ALIASES: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .pipe(z.array(path('TRACKER_ALIASES'))),
  COLLECT_PATH: path('COLLECT_PATH').default('/api/event'),
  TRACKER_FUNCTION: z
    .string()
    .regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, 'must be a JavaScript identifier')
    .default('spur'),
  SEGMENT_PARAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1-32 letters, digits, _ or -')
    .default('sg'),
  ADMIN_EMAIL: z.string().email('must be an e-mail address').optional(),
  ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v, ctx) => {
      if (v === 'false' || v === '0' || v === '') return { hops: 0 }
      if (v === 'true') return { hops: 1 }
      const n = Number(v)
      if (Number.isInteger(n) && n >= 0 && n <= 10) return { hops: n }
      ctx.addIssue({
        code: 'custom',
        message: 'must be false, true or a number of proxy hops 0-10',
      })
      return z.NEVER
    }),
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  // Outgoing mail for invitations and password resets (server/accounts/mailer.ts).
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/]+(\/)?$/, 'must be smtp://user:password@host:587 or smtps://…:465')
    .optional(),
  SMTP_FROM: z.string().min(3).default('Spur <spur@localhost>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})

export type Config = z.output<typeof schema> & {
  dataDir: string
  /** The merged environment (.env, then the process), for the settings each area reads itself. */
  env: Record<string, string | undefined>
}

export type ConfigResult = { ok: true; value: Config } | { ok: false; error: string }

/**
 * Reads configuration from `env`, with values from a `.env` file in `cwd` filling the gaps.
 * Every problem is named with its variable and what is allowed.
 */
export function parseConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): ConfigResult {
  const file = resolve(cwd, '.env')
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {}
  const merged: Record<string, string | undefined> = { ...fromFile, ...env }
  for (const key of Object.keys(merged)) if (merged[key] === '') delete merged[key]
  const parsed = schema.safeParse(merged)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    return { ok: false, error: `Invalid configuration:\n${lines.join('\n')}` }
  }
  const value = parsed.data
  if ((value.ADMIN_EMAIL === undefined) !== (value.ADMIN_PASSWORD === undefined)) {
    return {
      ok: false,
      error: 'Invalid configuration:\n  ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
    }
  }
  const paths = [value.TRACKER_PATH, value.COLLECT_PATH, ...value.TRACKER_ALIASES]
  if (new Set(paths).size !== paths.length) {
    return {
      ok: false,
      error:
        'Invalid configuration:\n  TRACKER_PATH, TRACKER_ALIASES and COLLECT_PATH must all differ',
    }
  }
  const dataDir = resolve(cwd, value.DATA_DIR)
  // Collector tuning and backup schedule are validated here too, so a bad value stops start-up.
  const backup = parseBackupSchedule(merged, dataDir)
  if (!backup.ok) return backup
  try {
    ingestOptionsFromEnv(dataDir, merged)
  } catch (error) {
    return { ok: false, error: (error as Error).message }
  }
  return { ok: true, value: { ...value, dataDir, env: merged } }
}
