import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { PipelineValidationError, type Problem } from '../../src/index.js';
import { ServiceError } from '../errors.js';

interface AjvError {
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
  keyword: string;
}

/** `/stages/0/name` -> `body.stages[0].name`; a missing property is named in the path. */
function problemOf(context: string, e: AjvError): Problem {
  let path = context;
  for (const part of e.instancePath.split('/').slice(1))
    path += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  if (e.keyword === 'required' && typeof e.params?.missingProperty === 'string')
    return { path: `${path}.${e.params.missingProperty}`, message: 'is required' };
  if (e.keyword === 'additionalProperties' && typeof e.params?.additionalProperty === 'string') {
    return { path: `${path}.${e.params.additionalProperty}`, message: 'is not a known property' };
  }
  return { path, message: e.message ?? e.keyword };
}

const UNIQUE_VIOLATIONS = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505']);

/**
 * The one error handler: 4xx answers carry a code, a message and (for bad input) every
 * `[path] problem`; 5xx answers hide their details, which go to the log.
 */
export const errorHandlerPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError & { problems?: Problem[] }, request, reply) => {
      if (error.validation) {
        const problems = (error.validation as AjvError[]).map((e) =>
          problemOf(error.validationContext ?? 'body', e),
        );
        return reply.code(400).send({
          code: 'INVALID_INPUT',
          message: problems.map((p) => `[${p.path}] ${p.message}`).join('\n'),
          problems,
        });
      }
      if (error instanceof PipelineValidationError) {
        const problems = error.problems.map((p) => ({ path: `body.${p.path}`, message: p.message }));
        return reply.code(400).send({
          code: 'INVALID_PIPELINE',
          message: problems.map((p) => `[${p.path}] ${p.message}`).join('\n'),
          problems,
        });
      }
      if (error instanceof ServiceError) {
        return reply.code(error.statusCode).send({
          code: error.code,
          message: error.message,
          ...(error.problems ? { problems: error.problems } : {}),
        });
      }
      if (UNIQUE_VIOLATIONS.has(String(error.code))) {
        return reply.code(409).send({ code: 'CONFLICT', message: 'a record with that name already exists' });
      }
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
        return reply
          .code(error.statusCode)
          .send({ code: error.code ?? 'BAD_REQUEST', message: error.message });
      }
      request.log.error({ err: error }, 'request failed');
      return reply.code(500).send({ code: 'INTERNAL', message: 'internal error; see the service log' });
    });
    app.setNotFoundHandler((request, reply) =>
      reply.code(404).send({ code: 'NOT_FOUND', message: `no route ${request.method} ${request.url}` }),
    );
  },
  { name: 'error-handler' },
);
