/** A query that is well-formed but cannot be answered as asked (an unknown goal, an ordering). */
export class StatsQueryError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`)
  }
}
