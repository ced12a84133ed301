// Sends one test pageview to a running Spur, the way the tracker does:
//   npm run send-pageview -- --domain example.com --url https://example.com/hello
// Options: --server http://localhost:8000 (or BASE_URL), --path /api/event (or COLLECT_PATH),
//          --name pageview, --referrer https://www.google.com/
import { parseArgs } from 'node:util'

const usage =
  'Usage: npm run send-pageview -- --domain example.com --url https://example.com/hello ' +
  '[--server http://localhost:8000] [--path /api/event] [--name pageview] [--referrer URL]'

let values
try {
  ;({ values } = parseArgs({
    options: {
      domain: { type: 'string' },
      url: { type: 'string' },
      server: {
        type: 'string',
        default: process.env.BASE_URL ?? `http://localhost:${process.env.PORT ?? 8000}`,
      },
      path: { type: 'string', default: process.env.COLLECT_PATH ?? '/api/event' },
      name: { type: 'string', default: 'pageview' },
      referrer: { type: 'string' },
    },
  }))
} catch (error) {
  console.error(`${error.message}\n${usage}`)
  process.exit(2)
}
if (!values.domain || !values.url) {
  console.error(`--domain and --url are required.\n${usage}`)
  process.exit(2)
}

const target = new URL(values.path, values.server)
const body = { n: values.name, u: values.url, d: values.domain, r: values.referrer ?? null }
let res
try {
  res = await fetch(target, {
    method: 'POST',
    headers: {
      'content-type': 'text/plain',
      'user-agent':
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36',
    },
    body: JSON.stringify(body),
  })
} catch (error) {
  console.error(
    `Could not reach ${target}: ${error.cause?.message ?? error.message}. Is Spur running?`,
  )
  process.exit(1)
}
const dropped = res.headers.get('x-spur-dropped')
const text = await res.text()
if (res.status === 202 && !dropped) {
  console.log(
    `Sent "${values.name}" for ${values.domain} (${values.url}) to ${target}: 202 accepted.`,
  )
} else {
  console.error(
    `${target} answered ${res.status}${dropped ? ` (dropped: ${dropped})` : ''} ${text}`,
  )
  process.exit(1)
}
