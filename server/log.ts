import { pino, type Logger } from 'pino'

export type { Logger }

/**
 * The one logger. JSON lines on stdout; request details that could identify a visitor
 * (IP address, User-Agent) are never passed to it, and these paths are censored in case
 * a caller does so by mistake.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    redact: {
      paths: [
        'ip',
        '*.ip',
        'userAgent',
        '*.userAgent',
        'headers',
        '*.headers',
        'password',
        '*.password',
      ],
      censor: '[redacted]',
    },
  })
}
