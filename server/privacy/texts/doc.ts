import { createHash } from 'node:crypto'

/** A generated text as a few block kinds, rendered to Markdown or to a printable page. */
export type Block =
  | { kind: 'h2'; text: string }
  | { kind: 'h3'; text: string }
  | { kind: 'p'; text: string }
  | { kind: 'ul'; items: string[] }
  | { kind: 'table'; rows: Array<[string, string]> }

export interface Doc {
  lang: 'de' | 'en'
  title: string
  blocks: Block[]
}

/** Markdown for pasting into a privacy policy or a record of processing activities. */
export function toMarkdown(doc: Doc): string {
  const out = [`# ${doc.title}`, '']
  for (const block of doc.blocks) {
    switch (block.kind) {
      case 'h2':
        out.push(`## ${block.text}`, '')
        break
      case 'h3':
        out.push(`### ${block.text}`, '')
        break
      case 'p':
        out.push(block.text, '')
        break
      case 'ul':
        out.push(...block.items.map((i) => `- ${i}`), '')
        break
      case 'table':
        out.push('| | |', '|---|---|')
        out.push(...block.rows.map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`), '')
        break
    }
  }
  return out.join('\n').trimEnd() + '\n'
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

const STYLE = `body{font:11pt/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:1.6rem}h3{font-size:1.05rem}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{width:34%;background:#f2f2f2}@media print{body{margin:0;max-width:none}}`

/** The Content-Security-Policy the printable page needs: its own inline style and nothing else. */
export const PRINT_CSP =
  `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; ` +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** A self-contained printable HTML page (no script, nothing loaded from anywhere). */
export function toHtml(doc: Doc): string {
  const body = doc.blocks.map((block) => {
    switch (block.kind) {
      case 'h2':
      case 'h3':
      case 'p':
        return `<${block.kind}>${escapeHtml(block.text)}</${block.kind}>`
      case 'ul':
        return `<ul>${block.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`
      case 'table':
        return `<table>${block.rows
          .map(
            ([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`,
          )
          .join('')}</table>`
    }
  })
  return `<!doctype html>
<html lang="${doc.lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(doc.title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(doc.title)}</h1>
${body.join('\n')}
</body></html>
`
}
