// The feature folders' mount points, each loaded when first shown.
import { lazyComponent } from './components/lazy'
import type { AccountUser } from './account/api'
import type { SiteRef } from './site-ref'

export const AccountScreen = lazyComponent<object>(() =>
  import('./account').then((m) => m.AccountScreen),
)
export const AdminScreen = lazyComponent<object>(() =>
  import('./account').then((m) => m.AdminScreen),
)
export const SiteMembersPanel = lazyComponent<{ site: SiteRef }>(() =>
  import('./account').then((m) => m.SiteMembersPanel),
)
export const SegmentsScreen = lazyComponent<{ site: SiteRef }>(() =>
  import('./segments').then((m) => m.SegmentsScreen),
)
export const PrivacyPanel = lazyComponent<{ site: SiteRef }>(() =>
  import('./privacy').then((m) => m.PrivacyPanel),
)
// The pages behind e-mailed links, opened logged out; only the small link-screens chunk loads.
export const InviteScreen = lazyComponent<{ onDone: (user: AccountUser) => void }>(() =>
  import('./account/link-screens').then((m) => m.InviteScreen),
)
export const PasswordResetScreen = lazyComponent<object>(() =>
  import('./account/link-screens').then((m) => m.PasswordResetScreen),
)
export const ForgotPasswordScreen = lazyComponent<object>(() =>
  import('./account/link-screens').then((m) => m.ForgotPasswordScreen),
)
