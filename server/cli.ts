import { parseConfig } from './config'
import { runCli } from './cli/run'

// `npm run spur -- <command>`: admin commands on the same configuration as the server.
const parsed = parseConfig(process.env)
if (!parsed.ok) {
  console.error(parsed.error)
  process.exit(1)
}
try {
  const result = await runCli(process.argv.slice(2), parsed.value)
  for (const line of result.out) (result.code === 0 ? console.log : console.error)(line)
  process.exit(result.code)
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
}
