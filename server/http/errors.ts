import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { z } from 'zod'

/** An error that becomes `{ error: message }` with its status; thrown from handlers and helpers. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
  }
}

export function jsonError(
  c: Context,
  status: ContentfulStatusCode,
  message: string,
  details?: object,
) {
  return c.json({ error: message, ...details }, status)
}

/** Reads a JSON body and validates it; a bad body is a 400 that names the field. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let body: unknown
  try {
    body = await c.req.json()
  } catch {
    throw new HttpError(400, 'Request body must be valid JSON')
  }
  const parsed = schema.safeParse(body)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue?.path.join('.') ?? ''
    throw new HttpError(
      400,
      field ? `${field}: ${issue?.message}` : (issue?.message ?? 'Invalid body'),
      { field },
    )
  }
  return parsed.data
}
