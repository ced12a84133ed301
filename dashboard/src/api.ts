// The dashboard's one way to the server. Every screen and feature folder goes through
// `request`; nothing else in dashboard/ calls fetch.

/** An error answer from the server, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    /** The whole JSON body of the error answer, for flows such as two-factor login. */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message)
  }
}

/** Listeners told when any request answers 401, so the app can show the login screen. */
const unauthorisedListeners = new Set<() => void>()
export function onUnauthorised(listener: () => void): () => void {
  unauthorisedListeners.add(listener)
  return () => unauthorisedListeners.delete(listener)
}

/**
 * Sends one JSON request to the dashboard's own origin and returns the parsed answer.
 * State-changing requests are same-origin fetches, so the browser's Sec-Fetch-Site header
 * passes the server's CSRF check. Throws ApiError with the server's message and field.
 */
export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  let res: Response
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0, 'The server cannot be reached')
  }
  const text = await res.text()
  let json: unknown = undefined
  if (text) {
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
  }
  if (!res.ok) {
    const obj = isRecord(json) ? json : {}
    const message = typeof obj.error === 'string' ? obj.error : `${res.status} ${res.statusText}`
    const field = typeof obj.field === 'string' && obj.field ? obj.field : undefined
    if (res.status === 401 && !path.startsWith('/api/auth/login'))
      unauthorisedListeners.forEach((l) => l())
    throw new ApiError(res.status, message, field, obj)
  }
  return json as T
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
