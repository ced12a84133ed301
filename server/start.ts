import { serve } from '@hono/node-server'
import { parseConfig } from './config'
import { createApp } from './http/app'
import { ingestOptionsFromEnv } from './ingest/options'
import { createLogger } from './log'
import { startServices, type Services } from './services'
import { stopOnSignals } from './shutdown'
import { StoreInUseError, MigrationError } from './store'

const parsed = parseConfig(process.env)
if (!parsed.ok) {
  console.error(parsed.error)
  process.exit(1)
}
const config = parsed.value
const log = createLogger(config.LOG_LEVEL)

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown; cause?: { code?: unknown } }).code
  return (
    /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH/.test(
      `${String(code)} ${String(error)}`,
    ) || /Authentication failed|AUTHENTICATION_FAILED/.test(String(error))
  )
}

let services: Services
try {
  services = await startServices(config, log, Date.now, {
    migrationsDir: process.env.SPUR_MIGRATIONS_DIR,
  })
} catch (error) {
  if (error instanceof StoreInUseError || error instanceof MigrationError) {
    console.error(error.message)
    process.exit(1)
  }
  if (config.CLICKHOUSE_URL && isConnectionError(error)) {
    console.error(
      `Cannot reach ClickHouse at CLICKHOUSE_URL=${config.CLICKHOUSE_URL}: ${String(error)}. ` +
        'Check the URL, user and password, or unset CLICKHOUSE_URL to use the embedded store.',
    )
    process.exit(1)
  }
  throw error
}

const app = createApp(services.deps, services.setup)
const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  log.info(
    {
      port: info.port,
      store: services.deps.store.kind,
      dataDir: services.deps.store.kind === 'embedded' ? config.dataDir : undefined,
    },
    `Spur is listening on http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${info.port}`,
  )
})

// The drain has DRAIN_TIMEOUT_MS; closing the store after it gets 15 s more.
const { drainTimeoutMs } = ingestOptionsFromEnv(config.dataDir, config.env)
stopOnSignals({
  log,
  graceMs: drainTimeoutMs + 15_000,
  async close() {
    server.close()
    await services.close()
  },
})
