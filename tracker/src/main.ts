// The tracker. Compiled by tracker/build.js into one minified variant per feature set; the
// upper-case constants below are compile-time switches and placeholders, so a variant carries
// only the code of the features its site enabled. It reads nothing from the device: no
// cookies, no storage APIs, no screen size, language or fingerprinting probes.
export {}

declare const HASH: boolean
declare const OUTBOUND: boolean
declare const DOWNLOADS: boolean
declare const TAGGED: boolean
declare const NOT_FOUND: boolean
declare const PRIVACY: boolean
declare const PATHS: boolean
/** Collect path, global function name, segment URL parameter and download extensions (a|b|c). */
declare const COLLECT: string
declare const FN: string
declare const SEGMENT_PARAM: string
declare const EXTENSIONS: string
/** Regular expressions (source) of the site's included and excluded paths ('' and '(?!)' for none). */
declare const INCLUDE: string
declare const EXCLUDE: string

declare global {
  interface Navigator {
    globalPrivacyControl?: boolean
  }
  interface Document {
    prerendering?: boolean
  }
}

type Props = Record<string, unknown>
interface Options {
  props?: Props
  revenue?: { amount: number | string; currency: string }
  interactive?: boolean
  callback?: () => void
}
interface Extra {
  u?: string
  r?: string
  e?: number
  sd?: number
  sg?: string
}
type Track = ((name: string, options?: Options) => void) & {
  q?: Array<[string, Options?]>
  l?: 1
}

const w = window as typeof window & Record<string, Track | undefined>
const d = document
const l = location
const h = history
const prev = w[FN]

// A second copy of the script on the page finds the first one's function and stays silent.
if (!prev || !prev.l) {
  const s = d.currentScript as HTMLScriptElement
  const attr = (k: string) => s.getAttribute('data-' + k)
  const on = (
    t: EventTarget,
    type: string,
    f: (e: Event) => unknown,
    o?: AddEventListenerOptions,
  ) => t.addEventListener(type, f, o)
  const api = attr('api') || new URL(COLLECT, s.src).href
  const domain = attr('domain') || l.hostname
  const path = () => l.pathname + (HASH ? l.hash : '')
  // Unused declarations inside this block survive minification, so variant-only code is
  // written inline behind its switch.
  const off = (p: string) => {
    const n = navigator
    return (
      /^localhost$|^127\.|^\[::1\]$/.test(l.hostname) ||
      l.protocol == 'file:' ||
      n.webdriver ||
      (PRIVACY && (n.globalPrivacyControl || n.doNotTrack == '1')) ||
      (PATHS && (!RegExp(INCLUDE).test(p) || RegExp(EXCLUDE).test(p)))
    )
  }

  // `p`: the path the event belongs to (an engagement is sent after the next navigation).
  const send = (name: string, o: Options = {}, extra?: Extra, p = path()) => {
    const done = () => o.callback && o.callback()
    if (off(p)) return done()
    const body: Record<string, unknown> = {
      n: name,
      u: l.href,
      d: domain,
      r: d.referrer,
      p: o.props,
      $: o.revenue,
      i: o.interactive,
    }
    if (HASH) body.h = 1
    // A string body goes as text/plain: a simple request, no CORS preflight; keepalive lets
    // it finish while the page unloads or navigates.
    fetch(api, {
      method: 'POST',
      body: JSON.stringify(Object.assign(body, extra)),
      keepalive: true,
    }).then(done, done)
  }

  // Segment tag: from the script tag, or a campaign link's URL parameter, which is then
  // removed from the address bar so it is neither bookmarked nor shared.
  let segment = attr('segment')
  const here = new URL(l.href)
  const token = here.searchParams.get(SEGMENT_PARAM)
  if (token != null) {
    segment = segment || token
    here.searchParams.delete(SEGMENT_PARAM)
    h.replaceState(h.state, '', here)
  }

  // Engagement of the current page view: engaged milliseconds (visible and focused) not yet
  // sent, and the deepest scroll position in percent. The first flush of a page view always
  // sends (the new depth exceeds 0); later ones only with new engaged time or depth.
  let current: string | undefined
  let viewUrl = ''
  let viewRef = ''
  let engaged = 0
  let since = 0
  let depth = 0
  let sentDepth = 0
  const tick = () => {
    const now = Date.now()
    if (since) engaged += now - since
    since = d.visibilityState == 'visible' && d.hasFocus() ? now : 0
  }
  const measure = () => {
    const r = Math.round((100 * (w.scrollY + w.innerHeight)) / d.documentElement.scrollHeight)
    depth = Math.max(depth, Math.min(100, r) || 0)
  }
  const flush = () => {
    tick()
    measure()
    if (viewUrl && (engaged > 999 || depth > sentDepth)) {
      send('engagement', {}, { u: viewUrl, r: viewRef, e: engaged, sd: depth }, current)
      engaged = 0
      sentDepth = depth
    }
  }
  const pageview = (force?: boolean) => {
    const p = path()
    if (!force && p == current) return
    flush()
    current = p
    // A page view that was not sent (excluded path, privacy signal) has no engagement either.
    viewUrl = off(p) ? '' : l.href
    viewRef = d.referrer
    // Depth is measured on scroll and when the view ends, once the layout has settled (images
    // loaded), not now, when the page may still be shorter than it will be.
    engaged = depth = sentDepth = 0
    tick()
    send('pageview', {}, { sg: segment || undefined })
  }

  const track: Track = NOT_FOUND
    ? (name, o) =>
        send(name, name == '404' ? { ...o, props: { path: l.pathname, ...(o && o.props) } } : o)
    : send
  track.l = 1
  w[FN] = track

  // eslint-disable-next-line @typescript-eslint/unbound-method -- applied with the caller's this
  const push = h.pushState
  h.pushState = function (this: History, ...a: Parameters<History['pushState']>) {
    push.apply(this, a)
    pageview()
  }
  on(w, 'popstate', () => pageview())
  if (HASH) on(w, 'hashchange', () => pageview())
  // Restored from the back-forward cache: the page view that pagehide ended starts again.
  on(w, 'pageshow', (e) => (e as PageTransitionEvent).persisted && pageview(true))
  on(w, 'pagehide', flush)
  on(w, 'focus', tick)
  on(w, 'blur', tick)
  on(w, 'scroll', measure)
  on(d, 'visibilitychange', () => (d.visibilityState == 'hidden' ? flush() : tick()))

  if (OUTBOUND || DOWNLOADS || TAGGED) {
    const tagged = (el: Element | null) => {
      if (!el) return
      const props: Props = {}
      for (const a of el.attributes) {
        const m = /^data-event-(.+)/.exec(a.name)
        if (m && m[1] != 'name') props[m[1]!] = a.value
      }
      send(el.getAttribute('data-event-name')!, { props })
      return 1
    }
    const click = (e: Event) => {
      const t = e.target as Element
      if ((e.type == 'auxclick' && (e as MouseEvent).button != 1) || !t.closest) return
      if (TAGGED && tagged(t.closest('a[data-event-name],button[data-event-name]'))) return
      const a = t.closest<HTMLAnchorElement>('a[href]')
      if (!a || !/^https?:/.test(a.protocol)) return
      if (DOWNLOADS && new RegExp('\\.(' + EXTENSIONS + ')$', 'i').test(a.pathname))
        send('File Download', { props: { url: a.href.split(/[?#]/)[0] } })
      else if (OUTBOUND && a.host != l.host)
        send('Outbound Link: Click', { props: { url: a.href } })
    }
    on(d, 'click', click)
    on(d, 'auxclick', click)
    if (TAGGED)
      on(d, 'submit', (e) => tagged((e.target as Element).closest('form[data-event-name]')))
  }

  const start = NOT_FOUND
    ? () => {
        pageview()
        if (attr('404') != null) track('404')
      }
    : () => pageview()
  // A prerendered page counts once the visitor actually opens it.
  if (d.prerendering) on(d, 'prerenderingchange', start, { once: true })
  else start()
  for (const a of (prev && prev.q) || []) track(...a)
}
