import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { toStoredInstant } from '../repositories/ids.js';

/** `verbose` keeps the offending value on each error, so a problem can quote it. */
const COMMON: Options = { allErrors: true, removeAdditional: false, strict: false, verbose: true };

/**
 * Two validators. Bodies are checked as sent: no type coercion, no defaults, no removal of
 * unknown fields, so what is stored is exactly what the client wrote (or a 400). Query strings
 * and path parameters arrive as text and are coerced to the declared types.
 */
export function installValidators(app: FastifyInstance): void {
  const body = new Ajv({ ...COMMON, coerceTypes: false, useDefaults: false });
  const text = new Ajv({ ...COMMON, coerceTypes: 'array', useDefaults: true });
  for (const ajv of [body, text]) (addFormats as unknown as (a: Ajv) => void)(ajv);
  // In a query string `+` decodes to a space, so `?from=...12:31:00+08:00` arrives with
  // ` 08:00`; the repositories read that as the offset it was sent as.
  text.addFormat('date-time', { type: 'string', validate: (value) => toStoredInstant(value) !== null });
  app.setValidatorCompiler<FastifySchema>(({ schema, httpPart }) =>
    (httpPart === 'body' ? body : text).compile(schema as object),
  );
}
