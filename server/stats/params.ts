import type { Params } from '../store'

/** Collects typed query parameters and hands back placeholders such as {p3:String}. */
export class ParamBag {
  readonly values: Params = {}
  private next = 0

  /** `prefix` keeps the names of two bags apart when their SQL is combined. */
  constructor(private readonly prefix = 'p') {}

  /** Adds a value and returns its placeholder; `type` is a ClickHouse type name from code. */
  add(value: unknown, type: string): string {
    const name = `${this.prefix}${this.next++}`
    this.values[name] = value
    return `{${name}:${type}}`
  }
}
