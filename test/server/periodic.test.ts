import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { startPeriodicJob } from '../../server/periodic'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('startPeriodicJob', () => {
  test('runs after the first delay, then every interval, until stopped', async () => {
    const job = vi.fn(() => Promise.resolve())
    const stop = startPeriodicJob({ firstMs: 100, everyMs: 1000, job, onError: vi.fn() })
    await vi.advanceTimersByTimeAsync(99)
    expect(job).toHaveBeenCalledTimes(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(job).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(2000)
    expect(job).toHaveBeenCalledTimes(3)
    stop()
    await vi.advanceTimersByTimeAsync(5000)
    expect(job).toHaveBeenCalledTimes(3)
  })

  test('never runs twice at once: a tick during a slow run is skipped', async () => {
    let finish = () => {}
    const job = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)))
    const stop = startPeriodicJob({ firstMs: 10, everyMs: 10, job, onError: vi.fn() })
    await vi.advanceTimersByTimeAsync(55)
    expect(job).toHaveBeenCalledTimes(1)
    finish()
    await vi.advanceTimersByTimeAsync(10)
    expect(job).toHaveBeenCalledTimes(2)
    stop()
  })

  test('a failure is reported and the next tick runs as usual', async () => {
    const onError = vi.fn()
    const job = vi
      .fn<() => Promise<void>>()
      .mockRejectedValueOnce(new Error('store away'))
      .mockResolvedValue(undefined)
    const stop = startPeriodicJob({ firstMs: 10, everyMs: 100, job, onError })
    await vi.advanceTimersByTimeAsync(10)
    expect(onError).toHaveBeenCalledWith(new Error('store away'))
    await vi.advanceTimersByTimeAsync(100)
    expect(job).toHaveBeenCalledTimes(2)
    expect(onError).toHaveBeenCalledTimes(1)
    stop()
  })
})
