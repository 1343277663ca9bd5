import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createReadStream, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { notFound } from '../errors.js';
import { artifactDir, listFiles } from '../executor/local-executor.js';
import { Replies, RunIdParams } from '../schemas/common.js';
import { ArtifactSchema } from '../schemas/runs.js';

/** Files a run archived (archiveArtifacts), listed and downloaded. */
export const artifactRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const dataDir = app.config.PIPEWRIGHT_DATA_DIR;

  app.get(
    '/api/runs/:runId/artifacts',
    {
      config: { access: 'pipeline:read', pipelineScoped: true },
      schema: {
        tags: ['runs'],
        summary: "List a run's artifacts",
        params: RunIdParams,
        response: Replies({ 200: Type.Array(ArtifactSchema) }),
      },
    },
    async (request) => {
      if (!(await app.repos.runs.findById(request.params.runId))) throw notFound('run');
      const root = artifactDir(dataDir, request.params.runId);
      return listFiles(root).map((path) => ({ path, size: statSync(join(root, path)).size }));
    },
  );

  app.get(
    '/api/runs/:runId/artifacts/*',
    {
      config: { access: 'pipeline:read', pipelineScoped: true },
      schema: {
        tags: ['runs'],
        summary: 'Download an artifact',
        params: Type.Object({ runId: Type.String(), '*': Type.String({ description: 'Artifact path' }) }),
        response: Replies({
          200: {
            description: 'The file',
            content: {
              'application/octet-stream': {
                schema: Type.Unsafe<Readable>({ type: 'string', format: 'binary' }),
              },
            },
          },
        }),
      },
    },
    async (request, reply) => {
      if (!(await app.repos.runs.findById(request.params.runId))) throw notFound('run');
      const root = resolve(artifactDir(dataDir, request.params.runId));
      const file = resolve(root, request.params['*']);
      // No way out of the run's artifact folder (`..`, absolute paths).
      if (!file.startsWith(root + sep)) throw notFound('artifact');
      let size: number;
      try {
        const stat = statSync(file);
        if (!stat.isFile()) throw new Error('not a file');
        size = stat.size;
      } catch {
        throw notFound('artifact');
      }
      const name = file
        .slice(root.length + 1)
        .split(sep)
        .pop()!
        .replace(/["\\\r\n]/g, '_');
      return reply
        .header('content-length', size)
        .header('content-disposition', `attachment; filename="${name}"`)
        .type('application/octet-stream')
        .send(createReadStream(file));
    },
  );
};
