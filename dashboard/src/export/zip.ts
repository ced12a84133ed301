// The ZIP of all panels. fflate is imported only when someone asks for a ZIP.
import { downloadFile } from './csv'

/** Packs named CSV texts into a ZIP and offers it for download. */
export async function downloadZip(name: string, files: Record<string, string>) {
  const { zipSync, strToU8 } = await import('fflate')
  const entries = Object.fromEntries(
    Object.entries(files).map(([file, text]) => [file, strToU8(text)]),
  )
  const zipped = zipSync(entries, { level: 6 })
  downloadFile(name, new Blob([zipped], { type: 'application/zip' }))
}
