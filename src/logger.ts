/**
 * Structured JSON logs (pino) for every role. Secrets never reach a log line: the Authorization header is
 * redacted, and request URLs are logged with their capabilities replaced — manage tokens
 * (`/v1/manage/[token]`, `/manage/[token]`), short-link codes (`/s/[code]`) and OAuth query values
 * (`?code=[redacted]&state=[redacted]`); see `redactUrl`.
 */
import { pino, type Logger } from 'pino';

/** Query parameters whose values are credentials or one-time codes. */
const SECRET_PARAMS = new Set(['code', 'state', 'token', 'access_token', 'refresh_token', 'id_token', 'key', 'api_key', 'signature']);

/** Path prefixes whose next segment is a bearer capability. */
const CAPABILITY_PATHS: [RegExp, string][] = [
  [/^(\/v1\/manage\/)[^/?#]+/, '$1[token]'],
  [/^(\/manage\/)[^/?#]+/, '$1[token]'],
  [/^(\/s\/)[^/?#]+/, '$1[code]'],
];

/** A request URL (path + query) as it may be logged: capabilities in the path and secret query values replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  let path = q < 0 ? url : url.slice(0, q);
  for (const [re, repl] of CAPABILITY_PATHS) path = path.replace(re, repl);
  if (q < 0) return path;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = decodeURIComponentSafe(eq < 0 ? pair : pair.slice(0, eq)).toLowerCase();
      return eq >= 0 && SECRET_PARAMS.has(name) ? `${pair.slice(0, eq)}=[redacted]` : pair;
    })
    .join('&');
  return `${path}?${query}`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

type LoggedRequest = { method?: string; url?: string; ip?: string; hostname?: string; id?: string };

/** `destination`: where lines go (default stdout); tests pass a stream to read them. */
export function createLogger(level: string, role: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { role, pid: process.pid },
      redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
      // Replaces Fastify's request serializer (which logs req.url verbatim). `ip` is the client address as
      // TRUST_PROXY lets the gateway see it.
      serializers: {
        req: (req: LoggedRequest) => ({
          method: req.method,
          url: req.url === undefined ? undefined : redactUrl(req.url),
          host: req.hostname,
          remoteAddress: req.ip,
        }),
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
