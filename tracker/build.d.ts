// Types of tracker/build.js, for the tests that check budgets and the build's agreement with
// the server.

export interface VariantSize {
  raw: number
  gzip: number
  brotli: number
}
export interface TrackerBuildOutput {
  flags: string[]
  defaultVariant: string
  placeholders: Record<string, string>
  variants: Record<string, string>
  sizes: Record<string, VariantSize>
}

export const EXTRAS: string[]
export const FLAGS: string[]
export const DEFAULT_VARIANT: string
export const BUDGET: { default: number; other: number }
export const PLACEHOLDERS: Record<string, string>
export const DEFAULT_VALUES: Record<string, string>
export function allVariantKeys(): string[]
export function fill(code: string, values: Record<string, string>): string
export function buildTracker(): Promise<TrackerBuildOutput>
export function overBudget(
  sizes: Record<string, VariantSize>,
): Array<{ key: string; gzip: number; budget: number }>
export function keyCell(key: string): string
export function sizesMarkdown(sizes: Record<string, VariantSize>): string
