import { useT } from '../i18n'
import type { SiteRef } from '../site-ref'
import { textUrl } from './api'
import { dict } from './dict'

const KINDS = ['policy', 'record'] as const
const LANGS = [
  ['de', 'Deutsch'],
  ['en', 'English'],
] as const

/** The generated privacy texts: a printable page to open, Markdown to download. */
export function TextsSection({ site }: { site: SiteRef }) {
  const t = useT(dict)
  return (
    <section class="card stack" aria-labelledby="privacy-texts">
      <h2 id="privacy-texts">{t('texts')}</h2>
      <p class="muted">{t('textsHint')}</p>
      <ul class="item-list">
        {KINDS.map((kind) => (
          <li key={kind}>
            <span>{t(kind)}</span>
            <span class="actions">
              {LANGS.map(([lang, name]) => (
                <span key={lang} class="actions">
                  <a
                    class="btn btn-small"
                    href={textUrl(site.domain, kind, lang, 'html')}
                    target="_blank"
                    rel="noopener"
                    lang={lang}
                  >
                    {t('printable')} ({name})
                  </a>
                  <a
                    class="btn btn-small"
                    href={textUrl(site.domain, kind, lang, 'md')}
                    download={`${kind}-${site.domain}-${lang}.md`}
                    lang={lang}
                  >
                    {t('markdown')} ({name})
                  </a>
                </span>
              ))}
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}
