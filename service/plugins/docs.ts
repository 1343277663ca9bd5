import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

interface RequestBody {
  required?: boolean;
  content?: Record<string, { schema?: { type?: unknown; required?: unknown[] } }>;
}

/**
 * The generator marks every request body required; a body whose properties are all optional may
 * be left out (see optional-body.ts), and a generated client should let callers leave it out.
 */
function optionalBodiesNotRequired<T extends { paths?: object }>(document: T): T {
  for (const item of Object.values(document.paths ?? {}) as Record<string, { requestBody?: RequestBody }>[])
    for (const operation of Object.values(item)) {
      const body = operation?.requestBody;
      const schema = body?.content?.['application/json']?.schema;
      if (body && schema?.type === 'object' && !schema.required?.length) body.required = false;
    }
  return document;
}

/** OpenAPI document built from the route schemas; the UI at /docs. */
export const docsPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'pipewright',
          version: '0.1.0',
          description:
            'Pipelines, runs, templates and the config centre. Authenticate with Authorization: Bearer <token> from POST /api/auth/login or a personal API token.',
        },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
        security: [{ bearer: [] }],
      },
      transformObject: (documents) =>
        'openapiObject' in documents
          ? optionalBodiesNotRequired(documents.openapiObject)
          : documents.swaggerObject,
    });
    // The UI's own routes are public; the hook must exist before the UI adds them.
    app.addHook('onRoute', (route) => {
      if (route.url.startsWith('/docs')) route.config = { ...(route.config ?? {}), access: 'public' };
    });
    // The UI's own policy (its scripts' and styles' hashes) replaces the API's 'none' on its
    // pages. Without upgrade-insecure-requests: over plain HTTP it would send the page's own
    // assets to https and the UI would not load.
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      staticCSP: true,
      transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/, ''),
    });
  },
  { name: 'docs' },
);
