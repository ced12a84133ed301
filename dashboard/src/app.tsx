import { useEffect, useState } from 'preact/hooks'
import {
  AccountScreen,
  AdminScreen,
  ForgotPasswordScreen,
  InviteScreen,
  PasswordResetScreen,
} from './features'
import { onUnauthorised } from './api'
import { Header } from './components/header'
import { ErrorNote, Loading } from './components/states'
import { useT } from './i18n'
import { getMe, getSetup, logout } from './lib/account-api'
import type { User } from './lib/types'
import { match, navigate, useLoc } from './router'
import { LoginScreen } from './screens/login'
import { NewSiteScreen } from './screens/new-site'
import { SetupScreen } from './screens/setup'
import { ShareScreen } from './screens/share'
import { SiteScreen } from './screens/site'
import { SitesScreen } from './screens/sites'
import { ApiError } from './api'

type Auth =
  | { state: 'loading' }
  | { state: 'setup' }
  | { state: 'anon' }
  | { state: 'user'; user: User }
  | { state: 'error'; error: ApiError }

const dict = {
  en: { notFound: 'This page does not exist.', home: 'Back to your sites' },
  de: { notFound: 'Diese Seite gibt es nicht.', home: 'Zurück zu Ihren Websites' },
}

const LINK_PAGES = ['/invite', '/reset-password', '/forgot-password']

/** The dashboard: who is logged in decides between setup, login and the screens. */
export function App() {
  const loc = useLoc()
  const [auth, setAuth] = useState<Auth>({ state: 'loading' })
  const t = useT(dict)

  const check = async () => {
    try {
      const { needed } = await getSetup()
      if (needed) return setAuth({ state: 'setup' })
      const { user } = await getMe()
      setAuth({ state: 'user', user })
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setAuth({ state: 'anon' })
      else
        setAuth({ state: 'error', error: e instanceof ApiError ? e : new ApiError(0, String(e)) })
    }
  }
  const share = match('/share/:token', loc.path)
  useEffect(() => {
    if (!share) void check()
    return onUnauthorised(() => setAuth({ state: 'anon' }))
    // Authentication is checked once; 401 answers later switch to the login screen.
  }, [])

  if (share) return <ShareScreen token={share.token ?? ''} />
  // Pages behind e-mailed links work logged out (and logged in, for a second browser tab);
  // the token sits in the URL fragment, which each screen reads itself.
  const linkPage = LINK_PAGES.find((p) => match(p, loc.path))
  const signedIn = (user: User) => {
    setAuth({ state: 'user', user })
    if (loc.path === '/login' || loc.path === '/setup' || linkPage) navigate('/', true)
  }
  if (linkPage)
    return (
      <>
        <Header />
        {linkPage === '/invite' ? (
          <InviteScreen onDone={signedIn} />
        ) : linkPage === '/reset-password' ? (
          <PasswordResetScreen />
        ) : (
          <ForgotPasswordScreen />
        )}
      </>
    )
  if (auth.state === 'loading') return <Loading />
  if (auth.state === 'error') return <ErrorNote error={auth.error} retry={() => void check()} />
  if (auth.state === 'setup')
    return (
      <>
        <Header />
        <SetupScreen onDone={signedIn} />
      </>
    )
  if (auth.state === 'anon')
    return (
      <>
        <Header />
        <LoginScreen onLogin={signedIn} />
      </>
    )

  const user = auth.user
  const doLogout = () => {
    void logout().finally(() => {
      setAuth({ state: 'anon' })
      navigate('/')
    })
  }
  const site = match('/sites/:domain', loc.path) ?? match('/sites/:domain/:tab', loc.path)
  let screen
  if (loc.path === '/' || loc.path === '/login' || loc.path === '/setup') screen = <SitesScreen />
  else if (loc.path === '/sites/new') screen = <NewSiteScreen />
  else if (loc.path === '/account')
    // The account screens render their own <main>.
    screen = <AccountScreen />
  else if (loc.path === '/admin' && user.isAdmin) screen = <AdminScreen />
  else if (site?.domain) screen = <SiteScreen domain={site.domain} tab={site.tab ?? ''} />
  else
    screen = (
      <main id="main" class="page">
        <p>{t('notFound')}</p>
        <a href="/">{t('home')}</a>
      </main>
    )
  return (
    <>
      <Header user={user} onLogout={doLogout} />
      {screen}
    </>
  )
}
