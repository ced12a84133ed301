import { useState } from 'preact/hooks'
import { ApiError } from '../api'
import { formatNumber, useT } from '../i18n'
import { deleteSegment, rotateToken, type Segment } from './api'
import { campaignLink, formatMoney } from './format'
import { RuleForm } from './rule-form'
import { listDict as dict } from './segment-list-dict'

/** The site's segments with aggregates, campaign links (admins) and the rule form. */
export function SegmentList(props: {
  domain: string
  param: string
  segments: Segment[]
  admin: boolean
  changed: () => void
}) {
  const t = useT(dict)
  const [path, setPath] = useState('/')
  const [copied, setCopied] = useState('')
  const [error, setError] = useState('')
  const act = async (work: () => Promise<unknown>) => {
    setError('')
    try {
      await work()
      props.changed()
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e))
    }
  }
  const copy = async (id: string, text: string, code: Element | null) => {
    try {
      // The Clipboard API exists only in secure contexts (https or localhost).
      await navigator.clipboard.writeText(text)
      setCopied(id)
    } catch {
      // Select the link instead, so Ctrl+C copies it.
      const range = document.createRange()
      if (code) range.selectNodeContents(code)
      getSelection()?.removeAllRanges()
      getSelection()?.addRange(range)
      setCopied('')
    }
  }
  return (
    <section class="card" aria-labelledby="seg-list">
      <h2 id="seg-list">{t('title')}</h2>
      {props.segments.length === 0 ? (
        <p class="muted">{t('none')}</p>
      ) : (
        <>
          {props.admin && (
            <>
              <p class="muted">{t('linkHint')}</p>
              <label class="field-inline">
                {t('path')}
                <input
                  value={path}
                  onInput={(e) => setPath(e.currentTarget.value)}
                  data-testid="link-path"
                />
              </label>
            </>
          )}
          <table class="seg-table" data-testid="segment-list">
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('kind')}</th>
                <th scope="col" class="num">
                  {t('members')}
                </th>
                <th scope="col" class="num">
                  {t('revenue')}
                </th>
                {props.admin && <th scope="col">{t('link')}</th>}
              </tr>
            </thead>
            <tbody>
              {props.segments.map((s) => {
                const link = s.token ? campaignLink(props.domain, path, props.param, s.token) : ''
                return (
                  <tr key={s.id} data-segment={s.name}>
                    <th scope="row">{s.name}</th>
                    <td>{t(s.kind)}</td>
                    <td class="num">
                      {s.importedAt === 0 ? t('notCounted') : formatNumber(s.members)}
                    </td>
                    <td class="num">{s.importedAt === 0 ? '' : formatMoney(s.revenueCents)}</td>
                    {props.admin && (
                      <td>
                        <code class="campaign-link">{link}</code>{' '}
                        <button
                          type="button"
                          class="btn btn-small"
                          onClick={(e) =>
                            void copy(s.id, link, e.currentTarget.previousElementSibling)
                          }
                        >
                          {copied === s.id ? t('copied') : t('copy')}
                        </button>{' '}
                        <button
                          type="button"
                          class="btn btn-small"
                          onClick={() => {
                            if (confirm(t('rotateConfirm', { name: s.name })))
                              void act(() => rotateToken(props.domain, s.id))
                          }}
                        >
                          {t('rotate')}
                        </button>{' '}
                        {s.kind !== 'abc' && (
                          <button
                            type="button"
                            class="btn btn-small btn-danger"
                            onClick={() => {
                              if (confirm(t('removeConfirm', { name: s.name })))
                                void act(() => deleteSegment(props.domain, s.id))
                            }}
                          >
                            {t('remove')}
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                )
              })}
            </tbody>
          </table>
        </>
      )}
      {props.admin && <RuleForm domain={props.domain} act={act} />}
      {error && (
        <p class="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}
