import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';

/**
 * Response headers every answer carries (helmet): nosniff, no framing, and a content security
 * policy that lets an API answer load nothing. The docs UI at /docs sets its own, looser policy
 * (see plugins/docs.ts), which replaces this one on its pages.
 *
 * helmet itself, not @fastify/helmet: that plugin builds helmet's middleware anew for every
 * request (parsing the policy each time), a tenth of what a cheap list page costs. The same
 * middleware built once sets the same headers.
 */
export const securityHeadersPlugin = fp(
  async (app: FastifyInstance) => {
    const setHeaders = helmet({
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
    });
    app.addHook('onRequest', (request, reply, done) =>
      setHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)),
    );
  },
  { name: 'security-headers' },
);

/** For answers that carry a token or a password: no cache, proxy or browser may keep them. */
export function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
}
