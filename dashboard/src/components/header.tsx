import { linkClick } from '../router'
import { setLocale, useLocale, useT, type Locale } from '../i18n'
import { useTheme, type ThemeChoice } from '../theme'
import type { User } from '../lib/types'

const dict = {
  en: {
    skip: 'Skip to content',
    sites: 'Sites',
    account: 'Account',
    admin: 'Administration',
    logout: 'Log out',
    language: 'Language',
    theme: 'Theme',
    system: 'System',
    light: 'Light',
    dark: 'Dark',
    nav: 'Main navigation',
  },
  de: {
    skip: 'Zum Inhalt springen',
    sites: 'Websites',
    account: 'Konto',
    admin: 'Verwaltung',
    logout: 'Abmelden',
    language: 'Sprache',
    theme: 'Darstellung',
    system: 'System',
    light: 'Hell',
    dark: 'Dunkel',
    nav: 'Hauptnavigation',
  },
}

/** Language and theme switches; used in the app header and in shared views. */
export function Preferences() {
  const t = useT(dict)
  const locale = useLocale()
  const [theme, setTheme] = useTheme()
  return (
    <div class="prefs">
      <label class="field-inline">
        <span class="sr-only">{t('language')}</span>
        <select
          value={locale}
          data-control="locale"
          onChange={(e) => setLocale(e.currentTarget.value as Locale)}
        >
          <option value="en">English</option>
          <option value="de">Deutsch</option>
        </select>
      </label>
      <label class="field-inline">
        <span class="sr-only">{t('theme')}</span>
        <select
          value={theme}
          data-control="theme"
          onChange={(e) => setTheme(e.currentTarget.value as ThemeChoice)}
        >
          <option value="system">◐ {t('system')}</option>
          <option value="light">☀ {t('light')}</option>
          <option value="dark">☾ {t('dark')}</option>
        </select>
      </label>
    </div>
  )
}

/** The top bar: brand, main navigation, preferences and logout. */
export function Header({ user, onLogout }: { user?: User; onLogout?: () => void }) {
  const t = useT(dict)
  return (
    <header class="app-header">
      <a class="skip-link" href="#main">
        {t('skip')}
      </a>
      <a href="/" class="brand" onClick={linkClick}>
        <img src="/favicon.svg" alt="" width={24} height={24} />
        Spur
      </a>
      {user && (
        <nav aria-label={t('nav')} class="main-nav">
          <a href="/" onClick={linkClick}>
            {t('sites')}
          </a>
          <a href="/account" onClick={linkClick}>
            {t('account')}
          </a>
          {user.isAdmin && (
            <a href="/admin" onClick={linkClick}>
              {t('admin')}
            </a>
          )}
        </nav>
      )}
      <Preferences />
      {user && onLogout && (
        <button type="button" class="btn btn-small" onClick={onLogout}>
          {t('logout')}
        </button>
      )}
    </header>
  )
}
