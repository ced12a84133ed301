/**
 * The key two segment names are compared by: composed (NFC, so "Müller" typed on a Mac, u +
 * U+0308, is the same name), lower case, and folded where lower case alone keeps two spellings
 * of one name apart (Unicode CaseFolding.txt): final ς is σ, ß is ss (GROSSKUNDEN is
 * Großkunden), and İ is i (IZMIR is İzmir). Names are unique on a site under this key, a name
 * sent by a logged-in site is looked up by it, and the Stats API's case-insensitive segment
 * filter compares by segmentNameKeySql, the same fold in ClickHouse
 * (test/server/segments/name-key.test.ts runs one table against both).
 */
export function segmentNameKey(name: string): string {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replaceAll('ς', 'σ')
    .replaceAll('ß', 'ss')
    .replaceAll('i\u0307', 'i')
}

/** segmentNameKey as a ClickHouse expression over `expr` (an identifier, never a value). */
export function segmentNameKeySql(expr: string): string {
  // lowerUTF8 lower-cases as JavaScript does (ICU, final sigma included); the rest is spelt out.
  return `replaceAll(replaceAll(replaceAll(lowerUTF8(normalizeUTF8NFC(${expr})), 'ς', 'σ'), 'ß', 'ss'), 'i\u0307', 'i')`
}
