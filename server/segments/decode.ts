import iconv from 'iconv-lite'

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252'

export type DecodeResult =
  { ok: true; value: { text: string; encoding: CsvEncoding } } | { ok: false; error: string }

/**
 * Turns an uploaded file into text. A byte-order mark decides; without one, text that is
 * valid UTF-8 is UTF-8 and anything else is Windows-1252, which is what German Excel writes
 * for "CSV (Trennzeichen-getrennt)".
 */
export function decodeCsv(bytes: Uint8Array): DecodeResult {
  if (bytes.length === 0) return { ok: false, error: 'The file is empty' }
  const b0 = bytes[0]
  const b1 = bytes[1]
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf)
    return strictUtf8(bytes.subarray(3), 'utf-8-bom')
  // Excel's "Unicode text" export is UTF-16 with a byte-order mark.
  if (b0 === 0xff && b1 === 0xfe)
    return {
      ok: true,
      value: {
        text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16le'),
        encoding: 'utf-16le',
      },
    }
  if (b0 === 0xfe && b1 === 0xff)
    return {
      ok: true,
      value: {
        text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be'),
        encoding: 'utf-16be',
      },
    }
  if (bytes.includes(0))
    return { ok: false, error: 'This is not a text file (it contains NUL bytes); export it as CSV' }
  const utf8 = strictUtf8(bytes, 'utf-8')
  if (utf8.ok) return utf8
  return {
    ok: true,
    value: { text: iconv.decode(Buffer.from(bytes), 'windows-1252'), encoding: 'windows-1252' },
  }
}

function strictUtf8(bytes: Uint8Array, encoding: 'utf-8' | 'utf-8-bom'): DecodeResult {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
    return { ok: true, value: { text, encoding } }
  } catch {
    return { ok: false, error: 'The file says it is UTF-8 but contains bytes that are not' }
  }
}
