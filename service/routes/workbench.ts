import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { namesSubmitter } from '../runs/gate-access.js';
import { Replies } from '../schemas/common.js';
import { TodosSchema } from '../schemas/workbench.js';

/** "My todos": gates I may decide, and favorite pipelines whose last run failed. */
export const workbenchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/workbench/todos',
    {
      config: { access: 'user' },
      schema: {
        tags: ['workbench'],
        summary: 'My todos',
        description: 'Gates I may decide, and my favorite pipelines whose last run failed.',
        response: Replies({ 200: TodosSchema }),
      },
    },
    async (request) => {
      const user = request.user!;
      const groups = await app.repos.groups.groupNamesOf(user.id);
      const gates = (await app.repos.runDetails.pendingGates()).filter((g) =>
        namesSubmitter(g.submitters, user, groups),
      );
      const approvals = await Promise.all(
        gates.map(async (g) => {
          const run = await app.repos.runs.findById(g.runId);
          const pipeline = run ? await app.repos.pipelines.findById(run.pipelineId) : null;
          return {
            kind: 'approval' as const,
            runId: g.runId,
            runNumber: run?.number ?? null,
            pipelineId: pipeline?.id ?? null,
            pipelineName: pipeline?.name ?? null,
            stage: g.stage,
            message: g.message,
            since: g.createdAt,
          };
        }),
      );
      const favorites = await app.repos.pipelines.list({
        userId: user.id,
        favorite: true,
        status: 'failed',
        limit: 50,
        offset: 0,
      });
      const failures = favorites.items.map((p) => ({
        kind: 'failed-run' as const,
        pipelineId: p.id,
        pipelineName: p.name,
        runId: p.lastRun!.id,
        runNumber: p.lastRun!.number,
        since: p.lastRun!.startedAt,
      }));
      return { items: [...approvals, ...failures] };
    },
  );
};
