const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' })
const byName = new Map<string, string>()
const all: Array<[code: string, name: string]> = []
const A = 'A'.charCodeAt(0)
for (let i = 0; i < 26; i++)
  for (let j = 0; j < 26; j++) {
    const code = String.fromCharCode(A + i, A + j)
    const name = names.of(code)
    if (name) {
      byName.set(name.toLowerCase(), code)
      all.push([code, name])
    }
  }

/** The English name of an ISO 3166-1 alpha-2 code ("DE" → "Germany"); the code if unknown. */
export function countryName(code: string): string {
  if (!/^[A-Z]{2}$/.test(code)) return code
  return names.of(code) ?? code
}

/** The code of an English country name, case-insensitively; undefined if no country has it. */
export function countryCode(name: string): string | undefined {
  return byName.get(name.toLowerCase())
}

/** The codes of the countries whose English names pass a test ("Germ" → ["DE"]). */
export function countryCodesWhere(test: (name: string) => boolean): string[] {
  return all.filter(([, name]) => test(name)).map(([code]) => code)
}

/** Every known code with its English name, in the same order: for matching names in SQL. */
export const COUNTRIES = { codes: all.map(([code]) => code), names: all.map(([, name]) => name) }
