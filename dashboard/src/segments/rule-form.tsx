import { useState } from 'preact/hooks'
import { useT } from '../i18n'
import { createRuleSegment, type SegmentRule } from './api'
import { listDict as dict } from './segment-list-dict'

/** Defines a rule segment: revenue at least X, tag Y, class A/B/C, all that are given. */
export function RuleForm({
  domain,
  act,
}: {
  domain: string
  act: (w: () => Promise<unknown>) => Promise<void>
}) {
  const t = useT(dict)
  const [name, setName] = useState('')
  const [minRevenue, setMinRevenue] = useState('')
  const [tag, setTag] = useState('')
  const [abc, setAbc] = useState<'' | 'A' | 'B' | 'C'>('')
  const submit = (e: Event) => {
    e.preventDefault()
    const rule: SegmentRule = {}
    const euros = Number(minRevenue.replace(/\./g, '').replace(',', '.'))
    if (minRevenue.trim() !== '' && Number.isFinite(euros))
      rule.minRevenueCents = Math.round(euros * 100)
    if (tag.trim()) rule.tag = tag.trim()
    if (abc) rule.abc = abc
    void act(async () => {
      await createRuleSegment(domain, name.trim(), rule)
      setName('')
      setMinRevenue('')
      setTag('')
      setAbc('')
    })
  }
  return (
    <form class="rule-form" onSubmit={submit}>
      <h3>{t('newRule')}</h3>
      <p class="muted">{t('ruleHint')}</p>
      <label>
        {t('ruleName')}
        <input
          required
          maxLength={40}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('minRevenue')}
        <input
          inputMode="decimal"
          value={minRevenue}
          onInput={(e) => setMinRevenue(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('tag')}
        <input maxLength={60} value={tag} onInput={(e) => setTag(e.currentTarget.value)} />
      </label>
      <label>
        {t('abc')}
        <select value={abc} onChange={(e) => setAbc(e.currentTarget.value as '' | 'A' | 'B' | 'C')}>
          <option value="">{t('anyClass')}</option>
          <option value="A">A</option>
          <option value="B">B</option>
          <option value="C">C</option>
        </select>
      </label>
      <div class="actions">
        <button type="submit" class="btn">
          {t('add')}
        </button>
      </div>
    </form>
  )
}
