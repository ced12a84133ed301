import { randomBytes } from 'node:crypto'
import type { AccountDeps } from '../accounts/context'
import { checkPasswordStrength } from '../accounts/passwords'
import { deleteSessionsOfUser } from '../accounts/sessions'
import { disableTwoFactor, hasTwoFactor } from '../accounts/two-factor'
import { createUser, getUserByEmail, listUsers, setPassword } from '../accounts/users'
import { recordAudit, type AuditActor } from '../audit/audit-log'
import { listAllSites } from '../sites/sites'
import type { Args } from './args'

const CLI_ACTOR: AuditActor = { id: '', email: 'command line' }

/** A command's outcome: lines to print and the exit code. */
export interface CliResult {
  code: number
  out: string[]
}

const fail = (message: string): CliResult => ({ code: 1, out: [message] })

function passwordFrom(args: Args): { password: string; generated: boolean } | { error: string } {
  const given = args.flags.get('password')
  if (given === true) return { error: '--password needs a value' }
  if (given === undefined)
    return { password: randomBytes(15).toString('base64url'), generated: true }
  const weak = checkPasswordStrength(given)
  return weak ? { error: weak } : { password: given, generated: false }
}

export async function createUserCommand(deps: AccountDeps, args: Args): Promise<CliResult> {
  const email = args.positional[0]
  if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    return fail('Give an e-mail address: create-user <email>')
  if (await getUserByEmail(deps.store, email)) return fail(`An account for ${email} exists already`)
  const pw = passwordFrom(args)
  if ('error' in pw) return fail(pw.error)
  const name = args.flags.get('name')
  const user = await createUser(
    deps.store,
    {
      email,
      password: pw.password,
      name: typeof name === 'string' ? name : '',
      isAdmin: args.flags.has('admin'),
    },
    deps.now(),
  )
  await recordAudit(
    deps.store,
    {
      actor: CLI_ACTOR,
      action: 'user_created',
      target: user.email,
      details: { isAdmin: user.isAdmin },
    },
    deps.now(),
  )
  return {
    code: 0,
    out: [
      `Created ${user.isAdmin ? 'instance admin' : 'user'} ${user.email}.`,
      ...(pw.generated
        ? [`Password: ${pw.password}`, 'Ask them to change it after the first login.']
        : []),
    ],
  }
}

export async function resetPasswordCommand(deps: AccountDeps, args: Args): Promise<CliResult> {
  const email = args.positional[0] ?? ''
  const user = await getUserByEmail(deps.store, email)
  if (!user) return fail(`No account for ${email || '(no e-mail given)'}`)
  const pw = passwordFrom(args)
  if ('error' in pw) return fail(pw.error)
  await setPassword(deps.store, user, pw.password, deps.now())
  const ended = await deleteSessionsOfUser(deps.store, user.id, deps.now())
  await recordAudit(
    deps.store,
    { actor: CLI_ACTOR, action: 'password_reset', target: user.email },
    deps.now(),
  )
  return {
    code: 0,
    out: [
      `New password set for ${user.email}; ${ended} session(s) ended.`,
      ...(pw.generated ? [`Password: ${pw.password}`] : []),
    ],
  }
}

export async function resetTwoFactorCommand(deps: AccountDeps, args: Args): Promise<CliResult> {
  const email = args.positional[0] ?? ''
  const user = await getUserByEmail(deps.store, email)
  if (!user) return fail(`No account for ${email || '(no e-mail given)'}`)
  if (!hasTwoFactor(user))
    return { code: 0, out: [`${user.email} has no two-factor authentication.`] }
  await disableTwoFactor(deps, user)
  await deleteSessionsOfUser(deps.store, user.id, deps.now())
  await recordAudit(
    deps.store,
    { actor: CLI_ACTOR, action: '2fa_reset', target: user.email },
    deps.now(),
  )
  return {
    code: 0,
    out: [
      `Two-factor authentication is off for ${user.email}; they can set it up again after logging in.`,
    ],
  }
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.map(line)]
}

export async function listSitesCommand(deps: AccountDeps): Promise<CliResult> {
  const sites = await listAllSites(deps.store)
  if (sites.length === 0) return { code: 0, out: ['No sites yet.'] }
  return {
    code: 0,
    out: table(
      ['DOMAIN', 'ID', 'TIME ZONE', 'RETENTION'],
      sites.map((s) => [
        s.domain,
        String(s.id),
        s.timezone,
        `${s.settings.retentionMonths} months`,
      ]),
    ),
  }
}

export async function listUsersCommand(deps: AccountDeps): Promise<CliResult> {
  const users = await listUsers(deps.store)
  return {
    code: 0,
    out: table(
      ['E-MAIL', 'ADMIN', '2FA'],
      users.map((u) => [u.email, u.isAdmin ? 'yes' : 'no', hasTwoFactor(u) ? 'on' : 'off']),
    ),
  }
}
