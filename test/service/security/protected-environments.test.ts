import { describe, expect, it } from 'vitest';
import { applyDeployPolicy, jobModel } from '../../../service/runs/deploy-policy.js';
import type { Environment } from '../../../service/schemas/environments.js';
import { createPipeline, useService, waitForRun } from '../../support/service.js';

const deployStage = (environment: string) => ({
  name: `Deploy to ${environment}`,
  steps: [{ step: 'deployToKubernetes', with: { environment, image: 'team/app:1' } }],
});

describe('protected environments', () => {
  const service = useService('sqlite');

  it('GIVEN a developer removes the gate from a production pipeline THEN the run still waits for the environment approvers', async () => {
    const s = service();
    // GIVEN production needs the maintainer's approval and takes deploys from the payments group only
    const env = await s.call(s.tokens.admin, {
      method: 'POST',
      url: '/api/environments',
      payload: {
        name: 'production',
        online: true,
        approvers: { users: [s.users.maintainer.username], groups: [] },
        allowedGroups: ['payments'],
      },
    });
    expect(env.statusCode).toBe(201);
    expect(env.json()).toMatchObject({
      approvers: { users: ['maintainer-user'] },
      allowedGroups: ['payments'],
    });
    const pipeline = await createPipeline(
      s,
      {
        name: 'pay-release',
        group: 'payments',
        stages: [
          { name: 'Build', steps: [{ sh: 'echo built' }] },
          {
            ...deployStage('production'),
            gate: { message: 'Ship?', submitters: { users: ['developer-user'] } },
          },
        ],
      },
      s.tokens.maintainer,
    );
    // WHEN a developer takes the gate out
    const edited = await s.call(s.tokens.developer, {
      method: 'PUT',
      url: `/api/pipelines/${pipeline.id}`,
      payload: {
        name: 'pay-release',
        group: 'payments',
        stages: [{ name: 'Build', steps: [{ sh: 'echo built' }] }, deployStage('production')],
      },
    });
    // THEN the change is refused: the group is protected
    expect(edited.statusCode).toBe(403);
    expect(edited.json().message).toMatch(/protected environment/);
    // AND even a gate-less version (saved by a maintainer) stops at the environment's approval
    const bare = await s.call(s.tokens.maintainer, {
      method: 'PUT',
      url: `/api/pipelines/${pipeline.id}`,
      payload: {
        name: 'pay-release',
        group: 'payments',
        stages: [{ name: 'Build', steps: [{ sh: 'echo built' }] }, deployStage('production')],
      },
    });
    expect(bare.statusCode).toBe(200);
    const started = await s.call(s.tokens.developer, {
      method: 'POST',
      url: `/api/pipelines/${pipeline.id}/runs`,
    });
    expect(started.statusCode).toBe(201);
    const waiting = await waitForRun(s, started.json().id, s.tokens.admin, (r) => r.status === 'waiting');
    expect(waiting.gates).toHaveLength(1);
    expect(waiting.gates[0]).toMatchObject({
      stage: 'Deploy to production',
      submitters: { users: ['maintainer-user'], groups: [] },
    });
    // The developer (and an admin not named) may not approve; the environment's approver may.
    for (const token of [s.tokens.developer, s.tokens.admin]) {
      const denied = await s.call(token, {
        method: 'POST',
        url: `/api/runs/${started.json().id}/gates/${encodeURIComponent('Deploy to production')}`,
        payload: { approve: true },
      });
      expect(denied.statusCode).toBe(403);
    }
    const approved = await s.call(s.tokens.maintainer, {
      method: 'POST',
      url: `/api/runs/${started.json().id}/gates/${encodeURIComponent('Deploy to production')}`,
      payload: { approve: true },
    });
    expect(approved.statusCode).toBe(200);
  });

  it('refuses deploys from pipeline groups the environment does not allow', async () => {
    const s = service();
    const pipeline = await createPipeline(s, {
      name: 'rogue',
      group: 'development',
      stages: [deployStage('production')],
    });
    const refused = await s.call(s.tokens.developer, {
      method: 'POST',
      url: `/api/pipelines/${pipeline.id}/runs`,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toBe(
      '[stages[0]] stage "Deploy to production" deploys to online environment production, which only pipeline groups payments may deploy to; this pipeline is in development',
    );
  });
});

describe('the deploy policy', () => {
  const env = (name: string, extra: Partial<Environment> = {}): Environment => ({
    id: name,
    name,
    online: true,
    namespace: name,
    kubeconfigCredentialId: null,
    approvers: { users: [], groups: [] },
    allowedGroups: [],
    createdAt: '2026-11-25T00:00:00.000Z',
    ...extra,
  });

  it('finds the target from the step, a params.X expression, or the stage name, in nested stages too', () => {
    const prod = env('production', { approvers: { users: [], groups: ['release'] } });
    const outcome = applyDeployPolicy(
      {
        name: 'p',
        parameters: [{ name: 'TARGET', type: 'choice', choices: ['staging', 'production'] }],
        stages: [
          {
            name: 'Ship',
            stages: [
              {
                name: 'Rollout',
                steps: [
                  { step: 'deployToKubernetes', with: { environment: { expression: 'params.TARGET' } } },
                ],
              },
            ],
          },
          { name: 'Smoke production', steps: [{ sh: 'curl prod' }] },
          { name: 'Deploy staging', steps: [{ sh: 'deploy' }] },
        ],
      },
      'development',
      [prod, env('staging')],
      { TARGET: 'production' },
    );
    expect(outcome.problems).toEqual([]);
    expect(outcome.model.stages[0]!.stages![0]!.gate?.submitters).toEqual({ users: [], groups: ['release'] });
    expect(outcome.model.stages[1]!.gate?.submitters).toEqual({ users: [], groups: ['release'] });
    expect(outcome.model.stages[2]!.gate).toBeUndefined();
    expect(outcome.gated).toEqual(['production']);
  });

  const deployingTo = (environment: unknown, parameters: object[] = []) => ({
    name: 'p',
    parameters,
    stages: [{ name: 'Rollout', steps: [{ step: 'deployToKubernetes', with: { environment } }] }],
  });

  it.each(['constructor', 'toString', '__proto__'])(
    'gates a params.X deploy from the declared default when the run gives none, a parameter named %s too',
    (name) => {
      const prod = env('production', { approvers: { users: ['boss'], groups: [] }, allowedGroups: ['ops'] });
      const model = JSON.parse(
        JSON.stringify(
          deployingTo({ expression: `params.${name}` }, [{ name, type: 'string', default: 'production' }]),
        ),
      );
      const outcome = applyDeployPolicy(model, 'dev', [prod], {});
      expect(outcome.gated).toEqual(['production']);
      expect(outcome.problems.map((p) => p.message)).toEqual([
        expect.stringContaining('which only pipeline groups ops may deploy to'),
      ]);
    },
  );

  it.each([
    ["'prod' + 'uction'", []],
    ['params.UNDECLARED', []],
    ['params.SECRET', [{ name: 'SECRET', type: 'password' }]],
    ['env.TARGET', []],
  ])(
    'refuses a deploy to an environment %s computes while any environment is protected',
    (expression, parameters) => {
      const policy = (environments: Environment[]) =>
        applyDeployPolicy(
          deployingTo({ expression }, parameters as object[]) as never,
          'dev',
          environments,
          {},
        );
      expect(
        policy([env('production', { approvers: { users: ['boss'], groups: [] } }), env('staging')]).problems,
      ).toEqual([
        {
          path: 'stages[0]',
          message: `stage "Rollout" deploys to the environment ${JSON.stringify(expression)} computes, which is known only in the build; environments production are protected, so name the environment literally or as params.NAME of a declared parameter`,
        },
      ]);
      // Nothing protected: nothing to bypass, the run starts.
      expect(policy([env('staging')]).problems).toEqual([]);
    },
  );

  it('refuses a deploy called from Groovy code while any environment is protected', () => {
    const model = {
      name: 'p',
      groovy: { prologue: "def ship(e) { deployToKubernetes environment: e, image: 'team/app:1' }" },
      stages: [
        {
          name: 'Build',
          steps: [{ script: "deployToKubernetes environment: 'production', image: 'team/app:1'" }],
        },
      ],
    };
    const paths = (environments: Environment[]) =>
      applyDeployPolicy(model as never, 'dev', environments, {}).problems.map((p) => p.path);
    expect(paths([env('production', { allowedGroups: ['ops'] })]).sort()).toEqual([
      'groovy.prologue',
      'stages[0].steps[0].script',
    ]);
    expect(paths([env('production')])).toEqual([]);
  });

  const deploy = (w: object) => ({ step: 'deployToKubernetes', with: { image: 'team/app:1', ...w } });
  const prodOnly = () =>
    env('production', {
      approvers: { users: ['boss'], groups: [] },
      allowedGroups: ['ops'],
      namespace: 'prod',
    });

  it("weighs every deploy step of a stage, and a namespace that is a protected environment's", () => {
    const outcome = (steps: object[]) =>
      applyDeployPolicy(
        { name: 'p', stages: [{ name: 'Ship', steps }] } as never,
        'ops',
        [prodOnly(), env('staging')],
        {},
      );
    for (const steps of [
      [deploy({ environment: 'staging' }), deploy({ environment: 'production' })],
      [deploy({ environment: 'staging', namespace: 'prod' })],
      [deploy({ environment: 'prod2', namespace: 'prod' })],
    ]) {
      const o = outcome(steps);
      expect(o.problems).toEqual([]);
      expect(o.gated).toEqual(['production']);
      expect(o.model.stages[0]!.gate?.submitters).toEqual({ users: ['boss'], groups: [] });
    }
    expect(
      outcome([deploy({ environment: 'staging', namespace: { expression: 'env.NS' } })]).problems,
    ).toEqual([expect.objectContaining({ message: expect.stringContaining('"env.NS" computes') })]);
  });

  it('refuses one stage deploying to two environments with approvers, and protected deploys in post blocks', () => {
    const qa = env('qa', { approvers: { users: ['tester'], groups: [] } });
    const two = applyDeployPolicy(
      {
        name: 'p',
        stages: [
          { name: 'Ship', steps: [deploy({ environment: 'qa' }), deploy({ environment: 'production' })] },
        ],
      } as never,
      'ops',
      [prodOnly(), qa],
      {},
    );
    expect(two.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('one gate cannot hold both'),
    ]);
    const post = applyDeployPolicy(
      {
        name: 'p',
        stages: [
          {
            name: 'Build',
            steps: [{ sh: 'make' }],
            post: { always: [deploy({ environment: 'production' })] },
          },
        ],
        post: {
          success: [deploy({ environment: 'production' })],
          failure: [deploy({ environment: 'staging' })],
        },
      } as never,
      'ops',
      [prodOnly(), env('staging')],
      {},
    );
    expect(post.problems.map((p) => p.path)).toEqual(['stages[0].post.always', 'pipeline.post.success']);
    expect(post.gated).toEqual([]);
  });

  it('reads Groovy code as Groovy does, unicode escapes decoded, before looking for a deploy', () => {
    const model = {
      name: 'p',
      stages: [{ name: 'B', steps: [{ script: "deployTo\\u004Bubernetes environment: 'production'" }] }],
    };
    expect(applyDeployPolicy(model as never, 'ops', [prodOnly()], {}).problems.map((p) => p.path)).toEqual([
      'stages[0].steps[0].script',
    ]);
  });

  it("keeps a job's cron trigger only when the run's script is what the rules give for the declared defaults", () => {
    const model = {
      name: 'p',
      triggers: [{ type: 'cron', schedule: 'H 2 * * *' }],
      parameters: [{ name: 'TARGET', type: 'choice', choices: ['production', 'staging'] }],
      stages: [{ name: 'Ship', steps: [deploy({ environment: { expression: 'params.TARGET' } })] }],
    } as never;
    const environments = [prodOnly(), env('staging')];
    const forRun = (TARGET: string) =>
      jobModel(model, 'ops', environments, applyDeployPolicy(model, 'ops', environments, { TARGET }));
    // A run to staging is not gated, but Jenkins' nightly build would deploy to production: no cron.
    expect(forRun('staging').triggers).toEqual([{ type: 'manual' }]);
    // A run to production is gated as the nightly build must be: the cron stays.
    expect(forRun('production').triggers).toEqual([{ type: 'cron', schedule: 'H 2 * * *' }]);
    expect(forRun('production').stages[0]!.gate?.submitters).toEqual({ users: ['boss'], groups: [] });
  });

  it("refuses a pipeline that runs its repository's Jenkinsfile while any environment is protected", () => {
    const model = {
      name: 'p',
      source: { git: 'https://git.example/team/app.git', branch: 'main', jenkinsfile: 'Jenkinsfile' },
      stages: [{ name: 'Build', steps: [{ sh: 'make' }] }],
    } as never;
    expect(applyDeployPolicy(model, 'ops', [prodOnly()], {}).problems.map((p) => p.path)).toEqual([
      'source.jenkinsfile',
    ]);
    expect(applyDeployPolicy(model, 'ops', [env('staging')], {}).problems).toEqual([]);
  });
});
