import { expect, test } from 'vitest'
import type { EventRow } from '../../../server/collect/rows'
import { SessionTracker, VISIT_TIMEOUT_MS } from '../../../server/collect/sessions'

const T0 = Date.UTC(2026, 10, 23, 9, 0)

const hit = (name: string, at: number, pathname = '/', interactive = 1) =>
  ({
    site_id: 3,
    visitor_id: '77',
    session_id: '0',
    timestamp: at,
    name,
    interactive,
    hostname: 'site.example',
    pathname,
    referrer: 'news.example',
    referrer_source: 'news.example',
    channel: 'Referral',
  }) as unknown as EventRow

test('a visit: its first row, then the previous state (-1) and the new one (+1) per hit', () => {
  const tracker = new SessionTracker()
  const [first] = tracker.apply(hit('pageview', T0, '/a'), '')
  expect(first).toMatchObject({ sign: 1, version: 1, pageviews: 1, events: 1, is_bounce: 1 })
  expect(first).toMatchObject({ entry_page: '/a', exit_page: '/a', referrer: 'news.example' })

  const second = hit('pageview', T0 + 90_000, '/b')
  const [previous, next] = tracker.apply(second, 'A')
  expect(previous).toEqual({ ...first, sign: -1 })
  expect(next).toMatchObject({ sign: 1, version: 2, pageviews: 2, events: 2, is_bounce: 0 })
  expect(next).toMatchObject({ exit_page: '/b', duration: 90, segment: 'A' })
  expect(second.session_id).toBe(first?.session_id)
  expect(second.referrer).toBe('news.example')
})

test('rows already returned do not change with the next hit of the visit', () => {
  // The caller stores a hit's rows after an await, when another hit may have come in.
  const tracker = new SessionTracker()
  const [first] = tracker.apply(hit('pageview', T0), '')
  const copy = structuredClone(first)
  const [previous, next] = tracker.apply(hit('pageview', T0 + 1000, '/b'), '')
  const nextCopy = structuredClone(next)
  tracker.apply(hit('pageview', T0 + 2000, '/c'), '')
  expect(first).toEqual(copy)
  expect(previous).toEqual({ ...copy, sign: -1 })
  expect(next).toEqual(nextCopy)
})

test('engagement extends the visit without counting; an interactive event ends the bounce', () => {
  const tracker = new SessionTracker()
  tracker.apply(hit('pageview', T0), '')
  const [, engaged] = tracker.apply(hit('engagement', T0 + 30_000), '')
  expect(engaged).toMatchObject({ pageviews: 1, events: 1, duration: 30, is_bounce: 1 })
  const [, passive] = tracker.apply(hit('Scrolled', T0 + 31_000, '/', 0), '')
  expect(passive).toMatchObject({ events: 2, is_bounce: 1 })
  const [, clicked] = tracker.apply(hit('Signup', T0 + 40_000), '')
  expect(clicked).toMatchObject({ pageviews: 1, events: 3, duration: 40, is_bounce: 0 })
})

test('after 30 minutes without a hit, the next hit starts a new visit', () => {
  const tracker = new SessionTracker()
  const [first] = tracker.apply(hit('pageview', T0), '')
  const rows = tracker.apply(hit('pageview', T0 + VISIT_TIMEOUT_MS + 1), '')
  expect(rows).toHaveLength(1)
  expect(rows[0]?.session_id).not.toBe(first?.session_id)
  expect(rows[0]).toMatchObject({ version: 1, pageviews: 1 })
})

test('revert takes back hits whose rows could not be written, latest first', () => {
  const tracker = new SessionTracker()
  const [first] = tracker.apply(hit('pageview', T0, '/a'), '')
  const b = tracker.apply(hit('pageview', T0 + 1000, '/b'), '')
  const c = tracker.apply(hit('Signup', T0 + 2000, '/b'), '')
  tracker.revert(c)
  tracker.revert(b)
  // The next hit continues the visit as its stored first row describes it.
  const [previous, next] = tracker.apply(hit('pageview', T0 + 3000, '/d'), '')
  expect(previous).toEqual({ ...first, sign: -1 })
  expect(next).toMatchObject({ version: 2, pageviews: 2, events: 2, exit_page: '/d' })
})

test('revert leaves a visit that a later hit changed, and forgets a visit it began', () => {
  const tracker = new SessionTracker()
  const begun = tracker.apply(hit('pageview', T0), '')
  const later = tracker.apply(hit('pageview', T0 + 1000, '/b'), '')
  tracker.revert(begun) // not the visit's state any more: nothing changes
  expect(tracker.find(3, '77', T0 + 2000)).toBe(later[1])
  tracker.revert(later)
  expect(tracker.find(3, '77', T0 + 2000)).toEqual(begun[0])
  tracker.revert(begun)
  expect(tracker.find(3, '77', T0 + 2000)).toBeUndefined()
  expect(tracker.size).toBe(0)
})
