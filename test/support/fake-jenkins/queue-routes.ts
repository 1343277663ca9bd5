/**
 * Triggers and the queue, after Jenkins core's remote API: `buildWithParameters` (POST, form
 * parameters; answers 201 with the queue item in Location; parameters the job does not declare
 * are dropped, as since SECURITY-170), `queue/item/<id>/api/json` (Queue.Item: WaitingItem, or
 * LeftItem with `executable` or `cancelled`; 404 once forgotten), `queue/api/json` (waiting
 * items with their ParametersAction), `queue/item/<id>/cancelQueue` (POST, redirect), and a
 * build's `stop` (POST, redirect).
 */
import { json, redirect, text, type FakeJenkins, type Route } from './fake-jenkins.js';
import { visibleParameters } from './job-routes.js';
import type { FakeQueueItem } from './state.js';

function itemJson(fake: FakeJenkins, item: FakeQueueItem) {
  const task = { name: item.job.name, url: `${fake.url}job/${item.job.folder}/job/${item.job.name}/` };
  const actions = [
    { _class: 'hudson.model.ParametersAction', parameters: visibleParameters(item.job, item.parameters) },
  ];
  if (item.leftAt === null)
    return {
      _class: 'hudson.model.Queue$WaitingItem',
      id: item.id,
      actions,
      blocked: false,
      buildable: false,
      stuck: false,
      task,
      why: item.why,
    };
  return {
    _class: 'hudson.model.Queue$LeftItem',
    id: item.id,
    actions,
    cancelled: item.cancelled,
    executable: item.executable
      ? {
          _class: 'org.jenkinsci.plugins.workflow.job.WorkflowRun',
          number: item.executable.number,
          url: item.executable.url,
        }
      : null,
    task,
    why: null,
  };
}

export const queueRoutes: Route[] = [
  {
    method: 'POST',
    path: /^buildWithParameters$/,
    kind: 'trigger',
    handle(fake, ctx) {
      const job = ctx.jobPath.length === 2 ? fake.job(ctx.jobPath[0]!, ctx.jobPath[1]!) : undefined;
      if (!job) return text(ctx.res, 404, 'Not Found');
      if (job.parameters.size === 0) return text(ctx.res, 400, `${job.name} is not parameterized`);
      const type = ctx.req.headers['content-type'] ?? '';
      const form = type.startsWith('application/x-www-form-urlencoded')
        ? new URLSearchParams(ctx.body.toString('utf8'))
        : new URLSearchParams();
      const parameters: Record<string, string> = {};
      for (const [name, declared] of job.parameters) {
        const value = form.get(name) ?? ctx.url.searchParams.get(name);
        parameters[name] = value ?? declared.default;
      }
      const item: FakeQueueItem = {
        id: fake.nextQueueId++,
        job,
        parameters,
        cancelled: false,
        executable: null,
        leftAt: null,
        why: 'Waiting for next available executor',
      };
      fake.queue.set(item.id, item);
      if (!fake.holdQueue) setImmediate(() => item.leftAt === null && fake.dispatch(item));
      if (fake.loseTriggerAnswers > 0) {
        fake.loseTriggerAnswers--;
        ctx.req.socket.destroy();
        return;
      }
      ctx.res.writeHead(201, { location: `${fake.url}queue/item/${item.id}/` });
      ctx.res.end();
    },
  },
  {
    method: 'GET',
    path: /^queue\/item\/(\d+)\/api\/json$/,
    kind: 'queue',
    handle(fake, ctx, m) {
      const item = fake.queue.get(Number(m[1]));
      if (!item || (item.leftAt !== null && Date.now() - item.leftAt > fake.leftItemTtlMs))
        return text(ctx.res, 404, 'Not Found');
      json(ctx.res, 200, itemJson(fake, item));
    },
  },
  {
    method: 'GET',
    path: /^queue\/api\/json$/,
    kind: 'search',
    handle(fake, ctx) {
      const waiting = [...fake.queue.values()].filter((i) => i.leftAt === null);
      json(ctx.res, 200, { _class: 'hudson.model.Queue', items: waiting.map((i) => itemJson(fake, i)) });
    },
  },
  {
    method: 'POST',
    path: /^queue\/item\/(\d+)\/cancelQueue$/,
    kind: 'cancel',
    handle(fake, ctx, m) {
      const item = fake.queue.get(Number(m[1]));
      if (!item) return text(ctx.res, 404, 'Not Found');
      if (item.leftAt === null) fake.cancelQueued(item.id);
      redirect(ctx.res, fake.url + 'queue/');
    },
  },
  {
    method: 'POST',
    path: /^(\d+)\/stop$/,
    kind: 'stop',
    handle(fake, ctx, m) {
      const build =
        ctx.jobPath.length === 2 ? fake.build(ctx.jobPath[0]!, ctx.jobPath[1]!, Number(m[1])) : undefined;
      if (!build) return text(ctx.res, 404, 'Not Found');
      if (build.building) fake.engine.stop(build);
      redirect(ctx.res, `${fake.url}job/${build.job.folder}/job/${build.job.name}/${build.number}/`);
    },
  },
];
