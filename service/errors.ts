import type { Problem } from '../src/index.js';

/**
 * Errors a route throws on purpose. Each has a stable code; the HTTP status is chosen here and
 * nowhere else.
 */
export class ServiceError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly problems?: Problem[],
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ServiceError(404, 'NOT_FOUND', `${what} not found`);
export const forbidden = (message: string) => new ServiceError(403, 'FORBIDDEN', message);
export const unauthorized = () =>
  new ServiceError(401, 'UNAUTHORIZED', 'sign in first: send Authorization: Bearer <token>');
/** A webhook whose signature or token does not prove it came from the configured git host. */
export const badSignature = (message: string) => new ServiceError(401, 'BAD_SIGNATURE', message);
export const conflict = (message: string) => new ServiceError(409, 'CONFLICT', message);
export const badRequest = (problems: Problem[]) =>
  new ServiceError(
    400,
    'INVALID_INPUT',
    problems.map((p) => `[${p.path}] ${p.message}`).join('\n'),
    problems,
  );
