import { isSupportedCountry } from 'libphonenumber-js'
import { z } from 'zod'
import { mappingSchema } from './mapping'
import type { Segment } from './repo'
import { ruleSchema } from './segment'

// Request bodies of the segments API (server/http/routes/segments.ts) and what it answers.

const thresholds = z
  .object({ a: z.number().min(1).max(98), b: z.number().min(2).max(99) })
  .refine((t) => t.a < t.b, 'A must be below B')
// Phone numbers cannot be read for a code libphonenumber does not know (UK for GB): every one
// would be dropped without a word.
const region = z
  .string()
  .refine(
    (r) => /^[A-Z]{2}$/.test(r) && isSupportedCountry(r),
    'must be a country code such as DE or GB',
  )
// Left out, the phone country, thresholds and cluster size are the site's remembered ones.
export const reviewBody = z.object({ mapping: mappingSchema, phoneRegion: region.optional() })
export const commitBody = z.object({
  merge: z.array(z.string().max(20)).max(100_000).default([]),
  thresholds: thresholds.optional(),
  clusterMin: z.number().int().min(1).max(10_000).optional(),
  keepHashedKeys: z.boolean().default(false),
})
export const ruleBody = z.object({
  name: z
    .string()
    .trim()
    // Kept composed (NFC): a name pasted decomposed is the same name, and its accents letters.
    .normalize()
    .min(1)
    .max(40)
    .regex(/^[\p{L}\p{N} _.-]+$/u, 'use letters, digits, space, _ . or -')
    .refine((n) => n !== '(unknown)', 'is reserved')
    // The ABC segments are sent and looked up by these names; a rule may not take one.
    .refine((n) => !['a', 'b', 'c'].includes(n.toLowerCase()), 'A, B and C are the ABC classes'),
  rule: ruleSchema,
})
export const linkingBody = z.object({
  enabled: z.boolean(),
  acknowledged: z.boolean().default(false),
})
export const settingsBody = z.object({ keepHashedKeys: z.boolean() })

/** What a viewer sees of a segment; the token (the key to counting visits) only admins. */
export function publicSegment(s: Segment, admin: boolean) {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    definition: s.definition,
    members: s.members,
    revenueCents: s.revenueCents,
    importedAt: s.importedAt,
    ...(admin ? { token: s.token } : {}),
  }
}
