import { z } from 'zod'
import type { Store } from '../store'

/** Instance-wide policy, changed by instance admins. */
export const instancePolicySchema = z.object({
  /** Every account must use two-factor authentication. */
  require2fa: z.boolean().default(false),
})
export type InstancePolicy = z.output<typeof instancePolicySchema>

const KEY = 'account_policy'
// Read on every dashboard request; a short cache, cleared when this process changes it.
const CACHE_MS = 5_000
let cached: { policy: InstancePolicy; at: number } | undefined

export async function getInstancePolicy(store: Store): Promise<InstancePolicy> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.policy
  const policy = await readPolicy(store)
  cached = { policy, at: Date.now() }
  return policy
}

async function readPolicy(store: Store): Promise<InstancePolicy> {
  const rows = await store.reader.query<{ value: string }>(
    'getInstancePolicy',
    'SELECT value FROM instance_settings FINAL WHERE key = {key:String}',
    { key: KEY },
  )
  const parsed = instancePolicySchema.safeParse(JSON.parse(rows[0]?.value ?? '{}'))
  return parsed.success ? parsed.data : instancePolicySchema.parse({})
}

export async function setInstancePolicy(store: Store, policy: InstancePolicy, now: number) {
  cached = undefined
  await store.writer.insert('instance_settings', [
    { key: KEY, value: JSON.stringify(policy), updated_at: now },
  ])
}
