/**
 * The pipeline-input-step plugin's endpoints on a build: `input/<id>/proceedEmpty` and
 * `input/<id>/abort` (POST only, InputStepExecution.doProceedEmpty/doAbort). Only a user named
 * in the input's `submitter` may answer; anyone else gets 403, as canSubmit() decides.
 */
import { text, type Route } from './fake-jenkins.js';

function answer(approved: boolean): Route['handle'] {
  return (fake, ctx, m) => {
    const build =
      ctx.jobPath.length === 2 ? fake.build(ctx.jobPath[0]!, ctx.jobPath[1]!, Number(m[1])) : undefined;
    const input = build?.inputs.find((i) => i.id === decodeURIComponent(m[2]!));
    if (!build || !input) return text(ctx.res, 404, 'Not Found');
    if (input.submitters.length && !input.submitters.includes(ctx.user))
      return text(
        ctx.res,
        403,
        `${ctx.user} is not permitted to ${approved ? 'approve' : 'abort'} this input`,
      );
    build.inputs = build.inputs.filter((i) => i !== input);
    fake.engine.proceed(build, input.stage, approved);
    text(ctx.res, 200, '');
  };
}

export const inputRoutes: Route[] = [
  { method: 'POST', path: /^(\d+)\/input\/([^/]+)\/proceedEmpty$/, kind: 'answer', handle: answer(true) },
  { method: 'POST', path: /^(\d+)\/input\/([^/]+)\/abort$/, kind: 'answer', handle: answer(false) },
];
