import type { FastifyServerOptions } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { DestinationStream } from 'pino';

/** Query parameters whose values are secrets whatever route they reach. */
const SECRET_PARAMETER = /token|password|passwd|secret|api[-_]?key|auth|session|credential|signature/i;
/** pipewright's own session and API tokens, wherever they appear in a text. */
const PIPEWRIGHT_TOKEN = /\bpw[st]_[A-Za-z0-9_-]{8,}/g;
export const REDACTED = '[REDACTED]';

/** A URL fit for a log: secret-looking query values and anything shaped like a token replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  let out = url;
  if (q >= 0) {
    const query = url
      .slice(q + 1)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq < 0) return pair;
        let name = pair.slice(0, eq);
        try {
          name = decodeURIComponent(name);
        } catch {
          // A malformed escape: judge the raw name.
        }
        return SECRET_PARAMETER.test(name) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
      })
      .join('&');
    out = `${url.slice(0, q)}?${query}`;
  }
  return redactText(out);
}

export function redactText(text: string): string {
  return text.replace(PIPEWRIGHT_TOKEN, REDACTED);
}

/**
 * Pino options for the service: a redact list for secrets in logged objects, a request
 * serializer that never writes a query secret, and a last pass over every message for anything
 * shaped like a pipewright token.
 */
export function loggerOptions(level: string, stream?: DestinationStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-api-key"]',
        'res.headers["set-cookie"]',
        'password',
        'token',
        'newPassword',
        'currentPassword',
        '*.password',
        '*.token',
        '*.newPassword',
        '*.currentPassword',
        '*.passwordHash',
        '*.apiToken',
        'secret',
        '*.secret',
      ],
      censor: REDACTED,
    },
    serializers: {
      req: (request: { method: string; url: string; hostname?: string; ip?: string }) => ({
        method: request.method,
        url: redactUrl(request.url),
        host: request.hostname,
        remoteAddress: request.ip,
      }),
      err: (error: Error & { code?: unknown; statusCode?: unknown }) => ({
        type: error.constructor?.name ?? 'Error',
        message: redactText(String(error.message)),
        stack: redactText(error.stack ?? ''),
        code: error.code,
        statusCode: error.statusCode,
      }),
    },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<typeof method>,
        );
      },
    },
  };
}

/** `/api/runs/<id>/...` -> the run id; null for other paths. */
export function runIdOfUrl(url: string | undefined): string | null {
  const match = /^\/api\/runs\/([A-Za-z0-9_-]{1,64})(?:[/?#]|$)/.exec(url ?? '');
  return match ? match[1]! : null;
}

/**
 * Each request's logger: Fastify's bindings (reqId) plus the run id of a run route, so every
 * line a request about a run logs, "request completed" included, names the run.
 */
export const childLoggerFactory: NonNullable<FastifyServerOptions['childLoggerFactory']> = function (
  logger,
  bindings,
  options,
  rawRequest,
) {
  const runId = runIdOfUrl((rawRequest as IncomingMessage).url);
  return logger.child(runId ? { ...bindings, runId } : bindings, options);
};
