import { isbot } from 'isbot'
import { Lru } from './lru'

// Automation that isbot's crawler list does not name: headless browsers and test drivers
// announce themselves with these words (Puppeteer and Playwright keep "HeadlessChrome").
const AUTOMATION =
  /headless|phantomjs|selenium|webdriver|puppeteer|playwright|cypress|slimerjs|zombie\.js|electron\/[\d.]+ .*(?:bot|crawler)|python-requests|go-http-client|okhttp|curl\/|wget\/|httpie|java\/\d|libwww|node-fetch|undici|axios\//i

/**
 * True for crawlers, monitors, headless and scripted clients. An empty User-Agent is a bot:
 * every browser sends one.
 */
export function isBotUserAgent(userAgent: string): boolean {
  const ua = userAgent.trim()
  if (ua.length < 8) return true
  // isbot's pattern is long; a site's visitors share a few hundred strings, so remember answers.
  const known = cache.get(ua)
  if (known !== undefined) return known
  const bot = isbot(ua) || AUTOMATION.test(ua)
  cache.set(ua, bot)
  return bot
}

const cache = new Lru<string, boolean>(10_000)
