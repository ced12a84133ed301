import { parse } from 'csv-parse/sync'

export type Delimiter = ',' | ';' | '\t'

export interface CsvRow {
  /** Line of the file where the record starts (1 = header line). */
  line: number
  cells: string[]
}

export interface CsvTable {
  delimiter: Delimiter
  header: string[]
  rows: CsvRow[]
}

export type ReadResult = { ok: true; value: CsvTable } | { ok: false; error: string }

const DELIMITERS: readonly Delimiter[] = [';', ',', '\t']

/**
 * Picks the delimiter from the header line: the candidate that occurs most often outside
 * quotes. German Excel writes `;`, most tools `,`, copy-paste from a spreadsheet tab.
 */
export function detectDelimiter(text: string): Delimiter {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]))
  let quoted = false
  for (const ch of text) {
    if (ch === '"') quoted = !quoted
    else if (!quoted && (ch === '\n' || ch === '\r')) break
    else if (!quoted && counts.has(ch as Delimiter))
      counts.set(ch as Delimiter, (counts.get(ch as Delimiter) ?? 0) + 1)
  }
  let best: Delimiter = ','
  let most = 0
  for (const [d, n] of counts) if (n > most) [best, most] = [d, n]
  return best
}

/**
 * Parses CSV text (RFC 4180 quoting, newlines inside quoted fields) into a header and rows
 * with their line numbers. A file whose quoting is broken cannot be read at all; the caller
 * imports nothing from it.
 */
export function readCsv(text: string): ReadResult {
  const delimiter = detectDelimiter(text)
  let records: Array<{ record: string[]; info: { bytes: number } }>
  try {
    // csv-parse's types do not model `info: true`, which wraps each record as { record, info }.
    records = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
    }) as unknown as Array<{ record: string[]; info: { bytes: number } }>
  } catch (error) {
    const where = (error as { lines?: number }).lines
    const reason = error instanceof Error ? error.message.replace(/^.*?: /, '') : String(error)
    return {
      ok: false,
      error: `The file cannot be read${where ? ` (line ${where})` : ''}: ${reason}. Nothing was imported.`,
    }
  }
  const [first, ...rest] = records
  if (!first) return { ok: false, error: 'The file has no header line' }
  // Composed (NFC), so a column is found by its name however the file or the mapping wrote it.
  const header = first.record.map((h) => h.normalize('NFC').trim())
  if (header.every((h) => h === '')) return { ok: false, error: 'The header line is empty' }
  const lineAt = lineCounter(Buffer.from(text))
  const rows = rest
    .map(({ record }, i) => ({
      // A record starts where the one before it ended (csv-parse counts UTF-8 bytes).
      line: lineAt(records[i]?.info.bytes ?? 0),
      cells: record,
    }))
    .filter((row) => row.cells.some((cell) => cell.trim() !== ''))
  return { ok: true, value: { delimiter, header, rows } }
}

/**
 * The line of the first character at or after a byte offset that is not a line break (empty
 * lines are skipped), for increasing offsets. CRLF, CR and LF each end one line, inside quotes
 * too: csv-parse's own count takes a quoted CRLF for two lines.
 */
function lineCounter(bytes: Buffer): (offset: number) => number {
  let pos = 0
  let line = 1
  return (offset) => {
    let start = offset
    while (bytes[start] === 0x0a || bytes[start] === 0x0d) start++
    for (; pos < start; pos++) {
      const b = bytes[pos]
      if (b === 0x0a || (b === 0x0d && bytes[pos + 1] !== 0x0a)) line++
    }
    return line
  }
}
