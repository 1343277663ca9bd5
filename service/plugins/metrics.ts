import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { Histogram } from 'prom-client';
import { createServiceMetrics, type ServiceMetrics } from '../metrics/service-metrics.js';
import { Replies } from '../schemas/common.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The registry behind /metrics and the recorders of what plugins cannot observe themselves (Jenkins calls). */
    metrics: ServiceMetrics;
  }
}

/**
 * Prometheus metrics at /metrics: process metrics and a request-duration histogram per route;
 * the run and store metrics join the same registry in plugins/run-metrics.ts.
 */
export const metricsPlugin = fp(
  async (app: FastifyInstance) => {
    const metrics = createServiceMetrics();
    const { registry } = metrics;
    app.decorate('metrics', metrics);
    const duration = new Histogram({
      name: 'pipewright_http_request_duration_seconds',
      help: 'HTTP request duration by method, route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    // A callback hook: every request passes here, and an async one costs a promise each.
    app.addHook('onResponse', (request, reply, done) => {
      duration.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? 'unmatched',
          status: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
      done();
    });
    // Metrics name routes and volumes; PIPEWRIGHT_METRICS_TOKEN keeps them for the scraper.
    const expected = app.config.PIPEWRIGHT_METRICS_TOKEN;
    const digest = (text: string) => createHash('sha256').update(text).digest();
    app.get(
      '/metrics',
      {
        config: { access: 'public' },
        schema: {
          tags: ['health'],
          summary: 'Prometheus metrics',
          description: 'Wants Authorization: Bearer <PIPEWRIGHT_METRICS_TOKEN> when that is set.',
          response: Replies({
            200: {
              description: 'Prometheus text exposition format',
              content: { 'text/plain': { schema: Type.String() } },
            },
          }),
        },
      },
      async (request, reply) => {
        if (expected !== undefined) {
          const sent = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
          if (!timingSafeEqual(digest(sent), digest(expected)))
            return reply.code(401).send({
              code: 'UNAUTHORIZED',
              message: 'metrics want Authorization: Bearer <PIPEWRIGHT_METRICS_TOKEN>',
            });
        }
        reply.type(registry.contentType);
        return registry.metrics();
      },
    );
  },
  { name: 'metrics' },
);
