import type { FastifyInstance, preValidationHookHandler } from 'fastify';

interface ObjectSchema {
  type?: unknown;
  required?: unknown[];
}

/** A body schema whose every property is optional: the body itself may be left out. */
function optionalBody(schema: unknown): boolean {
  const s = schema as ObjectSchema | undefined;
  return s?.type === 'object' && !(s.required && s.required.length > 0);
}

const emptyBody: preValidationHookHandler = async (request) => {
  if (request.body === undefined || request.body === null) request.body = {};
};

/**
 * A POST whose body is all optional (start a run, rerun) may be sent without one, with or
 * without `content-type: application/json`: the handler sees `{}`. A required body still gets
 * `[body] must be object`.
 */
export function acceptOptionalBodies(app: FastifyInstance): void {
  // The JSON parser (bounded-json.ts) reads an empty body as no body.
  app.addHook('onRoute', (route) => {
    if (!optionalBody(route.schema?.body)) return;
    route.preValidation = [route.preValidation ?? []].flat().concat(emptyBody);
  });
}
