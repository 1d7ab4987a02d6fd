/** Structured JSON logs (pino) for every role; the Authorization header never reaches a log line. */
import { pino, type Logger } from 'pino';

export function createLogger(level: string, role: string): Logger {
  return pino({
    level,
    base: { role, pid: process.pid },
    redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
