import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { notFound } from '../errors.js';
import { artifactDir, listFiles } from '../executor/local-executor.js';
import { Replies, RunIdParams } from '../schemas/common.js';
import { ArtifactSchema } from '../schemas/runs.js';

/**
 * The real path of an artifact, or null when it does not resolve to a regular file inside the
 * run's artifact folder. Resolving links (realpath) before the check is what refuses a symlink
 * a build planted pointing at /etc/shadow, or a folder link leading out.
 */
export function artifactFile(root: string, requested: string): string | null {
  let realRoot: string;
  let real: string;
  try {
    realRoot = realpathSync(root);
    real = realpathSync(resolve(realRoot, requested));
  } catch {
    return null; // missing, or a dangling link
  }
  const inside = relative(realRoot, real);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return null;
  return statSync(real).isFile() ? real : null;
}

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
      return listFiles(root)
        .filter((path) => artifactFile(root, path) !== null)
        .map((path) => ({ path, size: statSync(join(root, path)).size }));
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
      const file = artifactFile(artifactDir(dataDir, request.params.runId), request.params['*']);
      if (!file) throw notFound('artifact');
      const name = file
        .split(/[\\/]/)
        .pop()!
        .replace(/["\\\r\n]/g, '_');
      return reply
        .header('content-length', statSync(file).size)
        .header('content-disposition', `attachment; filename="${name}"`)
        .type('application/octet-stream')
        .send(createReadStream(file));
    },
  );
};
