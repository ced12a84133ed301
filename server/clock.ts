/** A clock that tests can pin and move. Production code takes `now` as a dependency. */
export interface Clock {
  now: () => number
  set(ms: number): void
  advance(ms: number): void
}

export function systemNow(): number {
  return Date.now()
}

export function fixedClock(start: number): Clock {
  let t = start
  return {
    now: () => t,
    set: (ms) => {
      t = ms
    },
    advance: (ms) => {
      t += ms
    },
  }
}
