import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';

/** helmet's options for every answer. */
export const SECURITY_HEADERS: Parameters<typeof helmet>[0] = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
};

/**
 * Response headers every answer carries (helmet): nosniff, no framing, and a content security
 * policy that lets an API answer load nothing. The docs UI at /docs sets its own, looser policy
 * (see plugins/docs.ts), which replaces this one on its pages.
 *
 * helmet itself, not @fastify/helmet: that plugin builds helmet's middleware anew for every
 * request (parsing the policy each time), a tenth of what a cheap list page costs. The same
 * middleware built once sets the same headers; it is even run just twice, at start, and what it
 * set applied to each answer (`recordedHeaders`).
 */
export const securityHeadersPlugin = fp(
  async (app: FastifyInstance) => {
    const setHeaders = helmet(SECURITY_HEADERS);
    const fixed = holdsFunction(SECURITY_HEADERS) ? null : recordedHeaders(setHeaders);
    if (fixed)
      app.addHook('onRequest', (_request, reply, done) => {
        for (const [name, value] of fixed.set) reply.raw.setHeader(name, value);
        for (const name of fixed.removed) reply.raw.removeHeader(name);
        done();
      });
    else
      app.addHook('onRequest', (request, reply, done) =>
        setHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)),
      );
  },
  { name: 'security-headers' },
);

type Middleware = ReturnType<typeof helmet>;

/** Whether an option is computed per request (a CSP directive given as a function, say). */
function holdsFunction(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some(holdsFunction);
}

/**
 * What the middleware does to every response, when that is the same whatever the request: it is
 * then applied as a list, which costs a fraction of running helmet's chain per request. Null when
 * two different requests got different headers, or the middleware did not finish at once.
 */
export function recordedHeaders(
  middleware: Middleware,
): { set: [string, string][]; removed: string[] } | null {
  const record = (request: object) => {
    const set: [string, string][] = [];
    const removed: string[] = [];
    let finished = false;
    const response = {
      setHeader: (name: string, value: unknown) => set.push([name, String(value)]),
      removeHeader: (name: string) => removed.push(name),
    };
    middleware(request as never, response as never, (error?: unknown) => (finished = !error));
    return finished ? JSON.stringify({ set, removed }) : null;
  };
  const first = record({ method: 'GET', url: '/', headers: {} });
  const second = record({
    method: 'POST',
    url: '/api/x?y=1',
    headers: { host: 'h', 'user-agent': 'MSIE 8.0' },
  });
  return first !== null && first === second
    ? (JSON.parse(first) as ReturnType<typeof recordedHeaders>)
    : null;
}

/** For answers that carry a token or a password: no cache, proxy or browser may keep them. */
export function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
}
