import { EventEmitter } from 'node:events'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { Logger } from '../../server/log'
import { stopOnSignals } from '../../server/shutdown'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

function setUp(close: () => Promise<void>, graceMs = 1000) {
  const signals = new EventEmitter()
  const exit = vi.fn<(code: number) => void>()
  const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() }
  stopOnSignals({ close, log: log as unknown as Logger, graceMs, signals, exit })
  return { signals, exit, log }
}

describe('stopOnSignals', () => {
  test('SIGTERM stops in order and exits 0 once the stop is done', async () => {
    let finish = () => {}
    const close = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)))
    const { signals, exit } = setUp(close)
    signals.emit('SIGTERM')
    expect(close).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(500)
    expect(exit).not.toHaveBeenCalled()
    finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(exit.mock.calls).toEqual([[0]])
    // The deadline was cleared: nothing more happens later.
    await vi.advanceTimersByTimeAsync(5000)
    expect(exit.mock.calls).toEqual([[0]])
  })

  test('a stop that hangs ends the process with 1 after the grace period', async () => {
    const { signals, exit, log } = setUp(() => new Promise<void>(() => {}))
    signals.emit('SIGINT')
    await vi.advanceTimersByTimeAsync(999)
    expect(exit).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(exit.mock.calls).toEqual([[1]])
    expect(String(log.error.mock.calls[0]?.[1])).toMatch(/took too long/)
  })

  test('a second signal exits at once, and the stop is not started twice', async () => {
    const close = vi.fn(() => new Promise<void>(() => {}))
    const { signals, exit } = setUp(close, 60_000)
    signals.emit('SIGINT')
    // Ctrl-C reaches the server twice (directly and through npm): that is one signal.
    signals.emit('SIGINT')
    await vi.advanceTimersByTimeAsync(500)
    expect(exit).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(600)
    signals.emit('SIGTERM')
    expect(close).toHaveBeenCalledTimes(1)
    expect(exit.mock.calls).toEqual([[1]])
  })

  test('a failed stop is logged and exits 1', async () => {
    const { signals, exit, log } = setUp(() => Promise.reject(new Error('store gone')))
    signals.emit('SIGTERM')
    await vi.advanceTimersByTimeAsync(0)
    expect(exit.mock.calls).toEqual([[1]])
    expect(JSON.stringify(log.error.mock.calls[0])).toMatch(/store gone/)
  })
})
