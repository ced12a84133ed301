import { useState } from 'preact/hooks'
import { useT } from '../i18n'
import type { TabDef } from '../lib/panels'
import { Empty } from './states'
import { TabBody } from './panel'

const dict = {
  en: {
    name: 'Property',
    show: 'Show',
    hint: 'Name a custom property (e.g. plan, author) to break events down by its values. Filter by a goal first to see the properties of that goal.',
  },
  de: {
    name: 'Eigenschaft',
    show: 'Zeigen',
    hint: 'Geben Sie eine eigene Eigenschaft an (z. B. plan, author), um Ereignisse nach ihren Werten aufzuschlüsseln. Filtern Sie zuerst nach einem Ziel, um dessen Eigenschaften zu sehen.',
  },
}

/** Custom property breakdown: the person names the property, the list shows its values. */
export function PropsTab({ tab, panelId }: { tab: TabDef; panelId: string }) {
  const t = useT(dict)
  const [draft, setDraft] = useState('')
  const [prop, setProp] = useState('')
  return (
    <>
      <form
        class="props-form"
        onSubmit={(e) => {
          e.preventDefault()
          setProp(draft.trim())
        }}
      >
        <label class="field-inline">
          <span class="sr-only">{t('name')}</span>
          <input
            value={draft}
            placeholder={t('name')}
            maxLength={300}
            onInput={(e) => setDraft(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="btn btn-small">
          {t('show')}
        </button>
      </form>
      {prop ? (
        <TabBody
          key={prop}
          tab={{ ...tab, dimensions: [`event:props:${prop}`] }}
          panelId={panelId}
        />
      ) : (
        <Empty>{t('hint')}</Empty>
      )}
    </>
  )
}
