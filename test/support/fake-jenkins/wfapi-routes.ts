/**
 * The pipeline-stage-view plugin's REST API (`wfapi`, com.cloudbees.workflow.rest.external):
 * `<build>/wfapi/describe` (RunExt: id, name, status, times, stages as StageNodeExt) and
 * `<build>/wfapi/pendingInputActions` (InputStepExt: id, proceedText, message, inputs,
 * proceedUrl, abortUrl, redirectApprovalUrl). Stages are listed flattened in start order,
 * parallel branches included, as the stage view lists Declarative's stages.
 */
import { json, text, type FakeJenkins, type Route, type RouteContext } from './fake-jenkins.js';
import type { FakeBuild } from './state.js';

function buildOf(fake: FakeJenkins, ctx: RouteContext, number: string): FakeBuild | undefined {
  return ctx.jobPath.length === 2 ? fake.build(ctx.jobPath[0]!, ctx.jobPath[1]!, Number(number)) : undefined;
}

export const wfapiRoutes: Route[] = [
  {
    method: 'GET',
    path: /^(\d+)\/wfapi\/describe$/,
    kind: 'describe',
    handle(fake, ctx, m) {
      const b = buildOf(fake, ctx, m[1]!);
      if (!b) return text(ctx.res, 404, 'Not Found');
      const href = `/job/${b.job.folder}/job/${b.job.name}/${b.number}/wfapi/describe`;
      const end = b.building ? Date.now() : b.endTimeMillis;
      json(ctx.res, 200, {
        _links: { self: { href } },
        id: String(b.number),
        name: `#${b.number}`,
        status: b.status,
        startTimeMillis: b.startTimeMillis,
        endTimeMillis: b.building ? 0 : b.endTimeMillis,
        durationMillis: end - b.startTimeMillis,
        queueDurationMillis: 0,
        pauseDurationMillis: 0,
        stages: b.stages.map((s) => ({
          _links: {
            self: {
              href: `/job/${b.job.folder}/job/${b.job.name}/${b.number}/execution/node/${s.id}/wfapi/describe`,
            },
          },
          id: s.id,
          name: s.name,
          execNode: '',
          status: s.status,
          startTimeMillis: s.startTimeMillis,
          durationMillis:
            s.status === 'IN_PROGRESS' || s.status === 'PAUSED_PENDING_INPUT'
              ? Date.now() - s.startTimeMillis
              : s.durationMillis,
          pauseDurationMillis: 0,
        })),
      });
    },
  },
  {
    method: 'GET',
    path: /^(\d+)\/wfapi\/pendingInputActions$/,
    kind: 'inputs',
    handle(fake, ctx, m) {
      const b = buildOf(fake, ctx, m[1]!);
      if (!b) return text(ctx.res, 404, 'Not Found');
      const base = `/job/${b.job.folder}/job/${b.job.name}/${b.number}/input`;
      json(
        ctx.res,
        200,
        b.inputs.map((i) => ({
          id: i.id,
          proceedText: 'Proceed',
          message: i.message,
          inputs: [],
          proceedUrl: `${base}/${i.id}/proceedEmpty`,
          abortUrl: `${base}/${i.id}/abort`,
          redirectApprovalUrl: `${base}/`,
        })),
      );
    },
  },
];
