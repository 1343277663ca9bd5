import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';

const COMMON: Options = { allErrors: true, removeAdditional: false, strict: false };

/**
 * Two validators. Bodies are checked as sent: no type coercion, no defaults, no removal of
 * unknown fields, so what is stored is exactly what the client wrote (or a 400). Query strings
 * and path parameters arrive as text and are coerced to the declared types.
 */
export function installValidators(app: FastifyInstance): void {
  const body = new Ajv({ ...COMMON, coerceTypes: false, useDefaults: false });
  const text = new Ajv({ ...COMMON, coerceTypes: 'array', useDefaults: true });
  for (const ajv of [body, text]) (addFormats as unknown as (a: Ajv) => void)(ajv);
  app.setValidatorCompiler<FastifySchema>(({ schema, httpPart }) =>
    (httpPart === 'body' ? body : text).compile(schema as object),
  );
}
