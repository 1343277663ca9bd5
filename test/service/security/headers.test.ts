import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import helmet from 'helmet';
import { describe, expect, it } from 'vitest';
import {
  recordedHeaders,
  SECURITY_HEADERS,
  securityHeadersPlugin,
} from '../../../service/plugins/security-headers.js';
import { ADMIN_PASSWORD, useService } from '../../support/service.js';

describe('security headers', () => {
  const service = useService();

  it('sends nosniff, no framing and a content security policy that loads nothing on API answers', async () => {
    const s = service();
    for (const res of [
      await s.call(s.tokens.viewer, { method: 'GET', url: '/api/pipelines' }),
      await s.call(null, { method: 'GET', url: '/api/pipelines' }),
      await s.call(null, { method: 'GET', url: '/no/such/route' }),
    ]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
    }
  });

  it('marks answers that carry a token no-store, and only those', async () => {
    const s = service();
    const login = await s.call(null, {
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
    });
    expect(login.headers['cache-control']).toBe('no-store');
    const token = await s.call(s.tokens.viewer, {
      method: 'POST',
      url: '/api/me/tokens',
      payload: { name: 'x' },
    });
    expect(token.statusCode).toBe(201);
    expect(token.headers['cache-control']).toBe('no-store');
    const list = await s.call(s.tokens.viewer, { method: 'GET', url: '/api/me/tokens' });
    expect(list.headers['cache-control']).toBeUndefined();
  });

  it('gives the docs UI a policy that still lets every script and style it uses load', async () => {
    const s = service();
    const page = await s.call(null, { method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    const directive = (name: string) =>
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .find(([n]) => n === name)
        ?.slice(1) ?? [];
    expect(directive('script-src')).toContain("'self'");
    expect(directive('style-src')).toContain("'self'");
    expect(directive('connect-src').concat(directive('default-src'))).toContain("'self'");
    // Over plain HTTP this would send the UI's own assets to https: it must not be there.
    expect(csp).not.toContain('upgrade-insecure-requests');
    const html = page.body;
    // Inline code runs only when the policy names its hash; assets load only from this origin.
    for (const [, body] of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g))
      expect(directive('script-src')).toContain(
        `'sha256-${createHash('sha256').update(body!).digest('base64')}'`,
      );
    for (const [, body] of html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g))
      expect(directive('style-src')).toContain(
        `'sha256-${createHash('sha256').update(body!).digest('base64')}'`,
      );
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(3);
    for (const asset of assets) {
      expect(asset.startsWith('./')).toBe(true);
      const res = await s.call(null, { method: 'GET', url: `/docs/${asset.slice(2)}` });
      expect(res.statusCode, asset).toBe(200);
    }
    // The UI reads the OpenAPI document from the same origin.
    expect((await s.call(null, { method: 'GET', url: '/docs/json' })).statusCode).toBe(200);
  });
});

describe('/metrics behind a token', () => {
  const token = 'scraper-token-0123456789';
  const service = useService('sqlite', { PIPEWRIGHT_METRICS_TOKEN: token });

  it('answers 401 without the configured token, and the metrics with it', async () => {
    const s = service();
    expect((await s.call(null, { method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await s.call('wrong-token-0123456789', { method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    // A user's session is not the scraper's token.
    expect((await s.call(s.tokens.admin, { method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const ok = await s.call(token, { method: 'GET', url: '/metrics' });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('pipewright_http_request_duration_seconds');
  });
});

describe('security headers recorded once', () => {
  it('are the headers helmet itself sets on each answer, whatever the request', async () => {
    // The plugin runs helmet at start and applies what it set; helmet run per request is the reference.
    const recorded = Fastify();
    await recorded.register(securityHeadersPlugin);
    const perRequest = Fastify();
    const middleware = helmet(SECURITY_HEADERS);
    perRequest.addHook('onRequest', (request, reply, done) =>
      middleware(request.raw, reply.raw, (error) => done(error as Error | undefined)),
    );
    for (const app of [recorded, perRequest]) {
      app.get('/page', async (_request, reply) => reply.header('x-powered-by', 'me').send({ ok: true }));
      app.post('/page', async () => ({ posted: true }));
    }
    const requests = [
      { method: 'GET' as const, url: '/page' },
      { method: 'POST' as const, url: '/page?x=1', headers: { 'user-agent': 'Mozilla/4.0 (MSIE 8.0)' } },
      { method: 'GET' as const, url: '/missing', headers: { 'x-forwarded-proto': 'http' } },
    ];
    for (const request of requests) {
      const [a, b] = [await recorded.inject(request), await perRequest.inject(request)];
      const { date: _a, ...headersA } = a.headers;
      const { date: _b, ...headersB } = b.headers;
      expect(headersA).toStrictEqual(headersB);
      expect(headersA['strict-transport-security']).toBeDefined();
    }
    await recorded.close();
    await perRequest.close();
  });
});

describe('recordedHeaders', () => {
  it('records nothing when two requests get different headers, or the middleware fails', () => {
    const byUrl = ((
      request: { url: string },
      response: { setHeader(n: string, v: string): void },
      next: () => void,
    ) => {
      response.setHeader('x-seen', request.url);
      next();
    }) as unknown as Parameters<typeof recordedHeaders>[0];
    const failing = ((_q: unknown, _r: unknown, next: (e?: unknown) => void) =>
      next(new Error('no nonce'))) as unknown as Parameters<typeof recordedHeaders>[0];
    expect(recordedHeaders(byUrl)).toBeNull();
    expect(recordedHeaders(failing)).toBeNull();
    expect(recordedHeaders(helmet(SECURITY_HEADERS))?.set.length).toBeGreaterThan(5);
  });
});
