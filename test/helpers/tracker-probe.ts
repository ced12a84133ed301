/**
 * An init script that records every use of device state a tracker could read or write:
 * cookies, storage APIs, screen and window metrics, language, time zone, hardware,
 * canvas. `window.__touched` lists what page scripts used. (navigator.webdriver,
 * globalPrivacyControl and doNotTrack are the tracker's documented exclusion checks.)
 */
export const DEVICE_PROBE = `(() => {
  const touched = []
  window.__touched = touched
  const wrap = (owners, prop, label) => {
    for (const obj of owners) {
      const d = Object.getOwnPropertyDescriptor(obj, prop)
      if (!d) continue
      const nd = { configurable: true, enumerable: d.enumerable }
      if (d.get || d.set) {
        nd.get = function () { touched.push(label); return d.get && d.get.call(this) }
        nd.set = function (v) { touched.push(label + '='); if (d.set) d.set.call(this, v) }
      } else if (typeof d.value === 'function') {
        nd.writable = true
        nd.value = function (...a) { touched.push(label + '()'); return d.value.apply(this, a) }
      } else continue
      Object.defineProperty(obj, prop, nd)
      return
    }
  }
  const W = [window, Window.prototype]
  wrap([Document.prototype], 'cookie', 'cookie')
  for (const p of ['localStorage', 'sessionStorage', 'indexedDB', 'caches', 'screen',
    'devicePixelRatio', 'outerWidth', 'outerHeight', 'screenX', 'screenY', 'matchMedia',
    'speechSynthesis', 'AudioContext', 'OfflineAudioContext']) wrap(W, p, p)
  for (const p of ['language', 'languages', 'hardwareConcurrency', 'deviceMemory', 'plugins',
    'mimeTypes', 'userAgent', 'userAgentData', 'platform', 'vendor', 'maxTouchPoints',
    'connection', 'getBattery', 'storage', 'mediaDevices', 'cookieEnabled', 'geolocation'])
    wrap([Navigator.prototype], p, 'navigator.' + p)
  for (const p of ['getContext', 'toDataURL', 'toBlob'])
    wrap([HTMLCanvasElement.prototype], p, 'canvas.' + p)
  wrap([Intl.DateTimeFormat.prototype], 'resolvedOptions', 'Intl.resolvedOptions')
  wrap([Date.prototype], 'getTimezoneOffset', 'getTimezoneOffset')
  wrap([Document.prototype], 'fonts', 'document.fonts')
})()`
