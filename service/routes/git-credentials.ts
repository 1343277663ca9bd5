import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { conflict, notFound } from '../errors.js';
import { NoContent, Replies } from '../schemas/common.js';
import { GitCredentialParams, GitCredentialSchema, PutGitCredentialBody } from '../schemas/repositories.js';

/**
 * Git credentials that code repositories name by id. Write-only: the secret is sealed when
 * stored and reaches only git (through askpass, in its environment), never an answer or a log.
 */
export const gitCredentialRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/git-credentials',
    {
      config: { access: 'repository:write' },
      schema: {
        tags: ['releases'],
        summary: 'List git credentials',
        description: 'Ids and user names only; secrets are never returned.',
        response: Replies({ 200: Type.Array(GitCredentialSchema) }),
      },
    },
    async () => app.repos.gitCredentials.list(),
  );

  app.put(
    '/api/git-credentials/:id',
    {
      config: { access: 'credential:write' },
      schema: {
        tags: ['releases'],
        summary: 'Store a git credential',
        description:
          'Creates (201) or replaces (200) the credential. For HTTPS: a user name and a password or token. In Jenkins, a username/password credential of the same id serves the checkout.',
        params: GitCredentialParams,
        body: PutGitCredentialBody,
        response: Replies({ 200: GitCredentialSchema, 201: GitCredentialSchema }),
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { username, secret, description = '' } = request.body;
      const created = await app.repos.gitCredentials.put(id, {
        username,
        sealedSecret: app.releases.sealSecret(secret),
        description,
      });
      const stored = (await app.repos.gitCredentials.list()).find((c) => c.id === id)!;
      return reply.code(created ? 201 : 200).send(stored);
    },
  );

  app.delete(
    '/api/git-credentials/:id',
    {
      config: { access: 'credential:write' },
      schema: {
        tags: ['releases'],
        summary: 'Remove a git credential',
        description: 'Refused (409) while a repository names it.',
        params: GitCredentialParams,
        response: Replies({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const users = await app.db
        .selectFrom('code_repositories')
        .select('identifier')
        .where('credentials_id', '=', request.params.id)
        .execute();
      if (users.length)
        throw conflict(
          `repositories ${users.map((u) => u.identifier).join(', ')} use git credential ${request.params.id}`,
        );
      if (!(await app.repos.gitCredentials.delete(request.params.id))) throw notFound('git credential');
      return reply.code(204).send();
    },
  );
};
