import { useState } from 'preact/hooks'
import { useT } from '../i18n'
import { common } from '../lib/messages'

const dict = {
  en: { label: 'Paste this into the <head> of every page', copy: 'Copy snippet' },
  de: { label: 'Fügen Sie dies in den <head> jeder Seite ein', copy: 'Snippet kopieren' },
}

/** The script tag to paste, with a copy button. */
export function Snippet({ code }: { code: string }) {
  const t = useT(dict)
  const tc = useT(common)
  const [copied, setCopied] = useState(false)
  const copy = () => {
    navigator.clipboard.writeText(code).then(
      () => {
        setCopied(true)
        setTimeout(() => setCopied(false), 2000)
      },
      () => setCopied(false),
    )
  }
  return (
    <figure class="snippet">
      <figcaption>{t('label')}</figcaption>
      <pre tabIndex={0}>
        <code data-snippet>{code}</code>
      </pre>
      <button type="button" class="btn btn-small" onClick={copy} aria-live="polite">
        {copied ? tc('copied') : t('copy')}
      </button>
    </figure>
  )
}
