import { chromium, type Browser } from 'playwright-core'

/**
 * Debian's headless Chromium as the tests drive it: as root (no sandbox), and without the
 * background connections that this machine's closed network would refuse. `hosts` resolve
 * to 127.0.0.1, so test pages can live on names the tracker does not ignore as localhost.
 */
export function launchChromium(
  options: { hosts?: string[]; ignoreDefaultArgs?: string[] } = {},
): Promise<Browser> {
  const hosts = options.hosts ?? []
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    ignoreDefaultArgs: options.ignoreDefaultArgs ?? [],
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(hosts.length > 0
        ? [`--host-resolver-rules=${hosts.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`]
        : []),
    ],
  })
}
