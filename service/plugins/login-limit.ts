import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sharedRateLimitStore } from '../coordination/shared-rate-limit-store.js';

export type LoginLimitHit = 'address' | 'user';

declare module 'fastify' {
  interface FastifyInstance {
    /** Counts a login attempt; says which limit it exceeded, or null when it may go ahead. */
    loginLimit(request: FastifyRequest, username: string): Promise<LoginLimitHit | null>;
  }
}

/**
 * Login rate limits (@fastify/rate-limit's counters: in memory on SQLite, in the store shared by
 * every replica on PostgreSQL): per client
 * address over all usernames, and per username (case-folded) over all addresses, each per
 * window (a minute unless configured). Every attempt counts, right or wrong, so a guesser cannot tell a lockout from a miss.
 */
export const loginLimitPlugin = fp(
  async (app: FastifyInstance) => {
    // One process on SQLite counts in memory; replicas on PostgreSQL count in the store, together.
    await app.register(rateLimit, {
      global: false,
      ...(app.databaseKind === 'postgres' ? { store: sharedRateLimitStore(app.db) } : {}),
    });
    const timeWindow = app.config.PIPEWRIGHT_LOGIN_LIMIT_WINDOW_SECONDS * 1000;
    const perAddress = app.createRateLimit({
      max: app.config.PIPEWRIGHT_LOGIN_LIMIT_PER_ADDRESS,
      timeWindow,
      keyGenerator: (request) => `login-address:${request.ip}`,
    });
    // One limiter per key space: each createRateLimit call keeps counters of its own.
    const username = new WeakMap<FastifyRequest, string>();
    const perUser = app.createRateLimit({
      max: app.config.PIPEWRIGHT_LOGIN_LIMIT_PER_USER,
      timeWindow,
      keyGenerator: (request) => `login-user:${username.get(request) ?? ''}`,
    });
    app.decorate('loginLimit', async (request: FastifyRequest, name: string) => {
      username.set(request, name.toLowerCase());
      const address = await perAddress(request);
      const user = await perUser(request);
      if (!address.isAllowed && address.isExceeded) return 'address';
      if (!user.isAllowed && user.isExceeded) return 'user';
      return null;
    });
  },
  { name: 'login-limit', dependencies: ['database'] },
);
