/** Normalises a site domain as users type it ("https://www.Example.com/" → "www.example.com"). */
export function normaliseDomain(input: string): string {
  return input
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/\/.*$/, '')
    .replace(/\.$/, '')
}

/** A host name (with optional port-less subdomains), as RFC 1123 allows. */
export function isValidDomain(domain: string): boolean {
  return (
    domain.length <= 253 &&
    /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/.test(
      domain,
    ) &&
    domain.includes('.')
  )
}

const zones = new Set(Intl.supportedValuesOf('timeZone'))
zones.add('UTC')

/** An IANA time zone that both Node and ClickHouse know. */
export function isValidTimezone(tz: string): boolean {
  return zones.has(tz)
}
