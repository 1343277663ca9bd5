import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { PipelineValidationError, type Problem } from '../../src/index.js';
import { ServiceError } from '../errors.js';

interface AjvError {
  instancePath: string;
  schemaPath: string;
  message?: string;
  params?: Record<string, unknown>;
  keyword: string;
  /** With Ajv's `verbose`: the value checked and the schema it failed. */
  data?: unknown;
  schema?: unknown;
}

/** The bad value, quoted, when it is short enough to read in one line. */
function got(value: unknown): string {
  if (value === undefined || (typeof value === 'object' && value !== null)) return '';
  const text = JSON.stringify(value);
  return `; got ${text.length > 100 ? text.slice(0, 97) + '...' : text}`;
}

const list = (values: unknown[]) =>
  values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');

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
  if (e.keyword === 'enum' && Array.isArray(e.params?.allowedValues))
    return { path, message: `must be one of ${list(e.params.allowedValues)}${got(e.data)}` };
  if (e.keyword === 'format' && e.params?.format === 'date-time')
    return { path, message: `must be an RFC 3339 instant such as 2026-11-25T12:31:00+08:00${got(e.data)}` };
  return { path, message: `${e.message ?? e.keyword}${got(e.data)}` };
}

/**
 * Ajv reports a value outside a union of constants as one `must be equal to constant` per
 * member plus `must match a schema in anyOf`; that becomes one `must be one of ...` line.
 */
function collapseConstantUnions(errors: AjvError[]): AjvError[] {
  const unions = new Map<string, unknown[]>();
  for (const e of errors) {
    const branches = e.keyword === 'anyOf' && Array.isArray(e.schema) ? (e.schema as unknown[]) : [];
    if (branches.length && branches.every((b) => typeof b === 'object' && b !== null && 'const' in b))
      unions.set(
        e.schemaPath,
        branches.map((b) => (b as { const: unknown }).const),
      );
  }
  const inUnion = (e: AjvError) => [...unions.keys()].some((path) => e.schemaPath.startsWith(path + '/'));
  return errors
    .filter((e) => !inUnion(e))
    .map((e) =>
      e.keyword === 'anyOf' && unions.has(e.schemaPath)
        ? { ...e, keyword: 'enum', params: { allowedValues: unions.get(e.schemaPath) } }
        : e,
    );
}

const UNIQUE_VIOLATIONS = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505']);

/** A write refused because a unique key exists already, on either store. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNIQUE_VIOLATIONS.has(code);
}

/**
 * The one error handler: 4xx answers carry a code, a message and (for bad input) every
 * `[path] problem`; 5xx answers hide their details, which go to the log.
 */
export const errorHandlerPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError & { problems?: Problem[] }, request, reply) => {
      if (error.validation) {
        const problems = collapseConstantUnions(error.validation as AjvError[]).map((e) =>
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
      if (isUniqueViolation(error)) {
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
