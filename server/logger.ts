import { pino, type Logger } from 'pino';

/** Structured JSON logs. Secrets never reach here: DSNs are redacted and tokens are not logged. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'compass' },
    redact: {
      paths: ['req.headers.authorization', '*.password', '*.token', 'connectionParams'],
      censor: '***',
    },
  });
}

export type { Logger };
