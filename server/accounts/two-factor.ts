import { randomBytes } from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import QRCode from 'qrcode'
import { z } from 'zod'
import type { AccountDeps } from './context'
import { keyedHash, seal, unseal } from './sealed'
import { getUserById, lockUser, saveUser, updateUser, type User } from './users'

const PERIOD = 30
const RECOVERY_CODES = 10

const enabledSchema = z.object({
  secret: z.string(),
  enabledAt: z.number(),
  /** The last accepted time step; a code is never accepted twice (RFC 6238 §5.2). */
  lastStep: z.number(),
  recovery: z.array(z.string()),
})
const pendingSchema = z.object({ secret: z.string(), createdAt: z.number() })

export type TwoFactorState = z.output<typeof enabledSchema>

/** The user's active 2FA state, or undefined when 2FA is off. */
export function getTwoFactor(user: User): TwoFactorState | undefined {
  const parsed = enabledSchema.safeParse(user.data.twoFactor)
  return parsed.success ? parsed.data : undefined
}

export function hasTwoFactor(user: User): boolean {
  return getTwoFactor(user) !== undefined
}

function totpFor(user: User, secretBase32: string): TOTP {
  return new TOTP({
    issuer: 'Spur',
    label: user.email,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secretBase32),
  })
}

/**
 * Starts enrolment: a new secret is kept (sealed) as pending until a code from it is confirmed.
 * Returns what the authenticator app needs: the otpauth URL, the secret, and a QR code as an
 * SVG data URL rendered here, so nothing is fetched from elsewhere.
 */
export async function beginTwoFactorSetup(deps: AccountDeps, user: User) {
  const secret = new Secret({ size: 20 }).base32
  const pendingTwoFactor = { secret: seal(deps.secretKey, 'totp', secret), createdAt: deps.now() }
  await updateUser(
    deps.store,
    user,
    (latest) => void (latest.data = { ...latest.data, pendingTwoFactor }),
    deps.now(),
  )
  const url = totpFor(user, secret).toString()
  const svg = await QRCode.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' })
  return {
    secret,
    otpauthUrl: url,
    qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
  }
}

function newRecoveryCodes(deps: AccountDeps): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: RECOVERY_CODES }, () => {
    const raw = randomBytes(8).toString('hex')
    return `${raw.slice(0, 5)}-${raw.slice(5, 10)}-${raw.slice(10)}`
  })
  return { codes, hashes: codes.map((c) => keyedHash(deps.secretKey, 'recovery', c)) }
}

/** The time step a TOTP code is valid for, or undefined (one step of clock drift allowed). */
function matchStep(user: User, secret: string, code: string, now: number): number | undefined {
  const token = code.replace(/\s/g, '')
  if (!/^\d{6}$/.test(token)) return undefined
  const delta = totpFor(user, secret).validate({ token, timestamp: now, window: 1 })
  return delta === null ? undefined : Math.floor(now / 1000 / PERIOD) + delta
}

/**
 * Confirms enrolment with a code from the pending secret; switches 2FA on and returns the
 * recovery codes, shown once. Undefined when the code does not match.
 */
export async function confirmTwoFactorSetup(
  deps: AccountDeps,
  user: User,
  code: string,
): Promise<string[] | undefined> {
  return updateUser(
    deps.store,
    user,
    (latest) => {
      const pending = pendingSchema.safeParse(latest.data.pendingTwoFactor)
      if (!pending.success) return undefined
      const secret = unseal(deps.secretKey, 'totp', pending.data.secret)
      if (!secret) return undefined
      const step = matchStep(latest, secret, code, deps.now())
      if (step === undefined) return undefined
      const { codes, hashes } = newRecoveryCodes(deps)
      const rest = { ...latest.data }
      delete rest.pendingTwoFactor
      const state: TwoFactorState = {
        secret: pending.data.secret,
        enabledAt: deps.now(),
        lastStep: step,
        recovery: hashes,
      }
      latest.data = { ...rest, twoFactor: state }
      return codes
    },
    deps.now(),
  )
}

export type SecondFactorResult = 'totp' | 'recovery' | 'wrong'

/**
 * Checks a TOTP code or a recovery code for a user with 2FA on and records its use: the
 * time step moves forward, a recovery code is spent. Checks for one account run one at a time
 * on its latest stored state, so two requests with the same code never both get in.
 */
export function verifySecondFactor(
  deps: AccountDeps,
  user: User,
  code: string,
): Promise<SecondFactorResult> {
  return lockUser(user.id, async () => {
    const latest = await getUserById(deps.store, user.id)
    if (!latest) return 'wrong'
    Object.assign(user, latest)
    return spendSecondFactor(deps, user, code)
  })
}

async function spendSecondFactor(
  deps: AccountDeps,
  user: User,
  code: string,
): Promise<SecondFactorResult> {
  const state = getTwoFactor(user)
  if (!state) return 'wrong'
  const secret = unseal(deps.secretKey, 'totp', state.secret)
  const step = secret === undefined ? undefined : matchStep(user, secret, code, deps.now())
  if (step !== undefined) {
    if (step <= state.lastStep) return 'wrong'
    user.data = { ...user.data, twoFactor: { ...state, lastStep: step } }
    await saveUser(deps.store, user, deps.now())
    return 'totp'
  }
  const hash = keyedHash(deps.secretKey, 'recovery', code.trim().toLowerCase())
  if (!state.recovery.includes(hash)) return 'wrong'
  const recovery = state.recovery.filter((h) => h !== hash)
  user.data = { ...user.data, twoFactor: { ...state, recovery } }
  await saveUser(deps.store, user, deps.now())
  return 'recovery'
}

/** Replaces the recovery codes; returns the new ones, shown once. */
export async function regenerateRecoveryCodes(deps: AccountDeps, user: User): Promise<string[]> {
  const codes = await updateUser(
    deps.store,
    user,
    (latest) => {
      const state = getTwoFactor(latest)
      if (!state) throw new Error('two-factor authentication is off')
      const fresh = newRecoveryCodes(deps)
      latest.data = { ...latest.data, twoFactor: { ...state, recovery: fresh.hashes } }
      return fresh.codes
    },
    deps.now(),
  )
  if (!codes) throw new Error('the account is gone')
  return codes
}

/** Switches 2FA off (by the user after reauth, or by an admin / the command line). */
export async function disableTwoFactor(deps: AccountDeps, user: User): Promise<void> {
  await updateUser(
    deps.store,
    user,
    (latest) => {
      const rest = { ...latest.data }
      delete rest.twoFactor
      delete rest.pendingTwoFactor
      latest.data = rest
    },
    deps.now(),
  )
}

/** How many unused recovery codes remain. */
export function recoveryCodesLeft(user: User): number {
  return getTwoFactor(user)?.recovery.length ?? 0
}
