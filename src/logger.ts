import { pino, type Logger } from 'pino';

/**
 * The process logger. Personal data never reaches it: we log operation names, codes and
 * timings, not variables or results; the redaction below is the second line of defence.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'huzhu' },
    redact: {
      paths: [
        'variables',
        '*.variables',
        'req.headers.authorization',
        '*.phone',
        '*.idNumber',
        '*.healthNotes',
        '*.address',
      ],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
