/**
 * Why a hit was dropped on purpose. The collector answers 202 with `X-Spur-Dropped: <reason>`
 * and stores nothing, so senders cannot probe the rules by status code.
 */
export type DropReason =
  | 'bot'
  | 'unknown_site'
  | 'hostname_mismatch'
  | 'excluded_ip'
  | 'excluded_path'
  | 'spam_referrer'
  | 'privacy_signal'
  | 'engagement_without_visit'

export const DROP_REASONS: readonly DropReason[] = [
  'bot',
  'unknown_site',
  'hostname_mismatch',
  'excluded_ip',
  'excluded_path',
  'spam_referrer',
  'privacy_signal',
  'engagement_without_visit',
]

export const DROPPED_HEADER = 'X-Spur-Dropped'

/** A pipeline step's answer: go on with a value, or stop with a reason. */
export type StepResult<T> = { ok: true; value: T } | { ok: false; reason: DropReason }
