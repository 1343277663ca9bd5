import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { TestPlanRun, TestPlanRunRequest } from '../../service/contracts/test-plans.js';
import { RunEventBatch } from '../../service/contracts/run-events.js';
import {
  FAKE_SECRET,
  shCalls,
  useStepHarness,
  type Scenario,
  type StepRun,
} from '../support/step-harness.js';
import { useGroovy } from '../support/groovy.js';

const VARS = fileURLToPath(new URL('../../vars/', import.meta.url));
const RESOURCES = fileURLToPath(new URL('../../resources/', import.meta.url));
const steps = readdirSync(VARS)
  .filter((f) => f.endsWith('.groovy'))
  .map((f) => f.slice(0, -'.groovy'.length));

/**
 * No credential value appears in any step's arguments (only in the environment), and no value
 * the caller passed appears in shell code: scripts reach the shell as written, values by variable.
 */
function expectNoSecretInCode(run: StepRun, config: Record<string, unknown> = {}) {
  for (const call of run.calls) {
    if (call.step === 'withCredentials' || call.step === 'withEnv') continue;
    expect(JSON.stringify(call.args), `${call.step} call`).not.toContain(FAKE_SECRET);
  }
  const values = Object.values(config)
    .flat()
    .filter((v): v is string => typeof v === 'string' && v.length >= 3);
  for (const call of shCalls(run))
    for (const value of values) expect(call.args.script, `sh script holds ${value}`).not.toContain(value);
}

const stepNames = (run: StepRun) => run.calls.map((c) => c.step);
const scripts = (run: StepRun) => shCalls(run).map((c) => c.args.script);

describe('shared library steps', () => {
  const groovy = useGroovy();
  const run = useStepHarness();

  it.each(steps)('vars/%s.groovy compiles under Groovy 2.4 and has a help page', async (step) => {
    const result = await groovy().compile(readFileSync(`${VARS}${step}.groovy`, 'utf8'), `${step}.groovy`);
    expect(result.errors).toEqual([]);
    expect(existsSync(`${VARS}${step}.txt`)).toBe(true);
  });

  describe('buildImage', () => {
    it('fails with a clear error when the image is missing or an option is unknown', async () => {
      expect((await run('buildImage', { config: {} })).error).toBe(
        "buildImage: 'image' is required, e.g. buildImage(image: 'team/app')",
      );
      expect((await run('buildImage', { config: { image: 'a', colour: 'red' } })).error).toMatch(
        /^buildImage: unknown option\(s\) colour; it takes image, registry/,
      );
      expect((await run('buildImage', { config: { image: 'Bad Name' } })).error).toMatch(
        /is not a repository name/,
      );
    });

    it('builds with kaniko in its container and pushes the commit tag and latest, returning the digest', async () => {
      const result = await run('buildImage', {
        config: { image: 'team/app', registry: 'registry.example.com', cache: true },
        env: { GIT_COMMIT: 'abc123' },
        readFile: { '.pipewright/image-digest': 'sha256:feed\n' },
      });
      expect(result.error).toBeNull();
      expect(result.result).toBe('sha256:feed');
      expect(stepNames(result)).toEqual([
        'libraryResource',
        'container',
        'withEnv',
        'sh',
        'readFile',
        'echo',
      ]);
      const [sh] = shCalls(result);
      expect(sh!.args.script).toBe(readFileSync(`${RESOURCES}pipewright/kaniko-build.sh`, 'utf8'));
      expect(sh!.env).toMatchObject({
        PW_DESTINATIONS: 'registry.example.com/team/app:abc123 registry.example.com/team/app:latest',
        PW_CACHE_REPO: 'registry.example.com/team/app/cache',
        PW_CONTEXT: '.',
        PW_DOCKERFILE: 'Dockerfile',
      });
      expect(result.calls.find((c) => c.step === 'container')!.args).toBe('kaniko');
    });

    it('hands registry credentials to the shell only through the environment', async () => {
      const result = await run('buildImage', {
        config: { image: 'team/app', tags: ['1.0.0'], credentialsId: 'harbor' },
        readFile: { '.pipewright/image-digest': 'sha256:1' },
      });
      expectNoSecretInCode(result, { image: 'team/app', tags: ['1.0.0'] });
      const credentials = result.calls.find((c) => c.step === 'withCredentials')!;
      expect(credentials.args).toEqual([
        {
          binding: 'usernamePassword',
          credentialsId: 'harbor',
          usernameVariable: 'PW_REGISTRY_USER',
          passwordVariable: 'PW_REGISTRY_PASSWORD',
        },
      ]);
      expect(shCalls(result)[0]!.env.PW_REGISTRY_PASSWORD).toBe(FAKE_SECRET);
      expectNoSecretInCode(result);
    });

    it('refuses a tag Docker would refuse', async () => {
      expect((await run('buildImage', { config: { image: 'team/app', tags: ['bad tag'] } })).error).toBe(
        "buildImage: tag 'bad tag' is not a valid image tag",
      );
    });
  });

  describe('deployToKubernetes', () => {
    const base = { environment: 'production', deployment: 'web', image: 'team/web:2' };

    it('needs an environment, a known strategy and a deployment', async () => {
      expect((await run('deployToKubernetes', { config: {} })).error).toMatch(
        /^deployToKubernetes: 'environment' is required/,
      );
      expect((await run('deployToKubernetes', { config: { ...base, strategy: 'yolo' } })).error).toBe(
        "deployToKubernetes: strategy 'yolo' is not one of rolling, canary, blue-green, rollback",
      );
      expect(
        (await run('deployToKubernetes', { config: { environment: 'x', strategy: 'canary' } })).error,
      ).toBe("deployToKubernetes: 'deployment' is required for the canary strategy");
    });

    it('rolls out with limits in the environment namespace and waits for rollout status', async () => {
      const result = await run('deployToKubernetes', {
        config: { ...base, maxUnavailable: 0, maxSurge: '25%' },
      });
      expect(result.error).toBeNull();
      expect(scripts(result)).toEqual([
        readFileSync(`${RESOURCES}pipewright/patch-rolling-update.sh`, 'utf8'),
        'kubectl -n "$PW_NAMESPACE" set image "deployment/$PW_TARGET" "$PW_CONTAINER=$PW_IMAGE"',
        'kubectl -n "$PW_NAMESPACE" rollout status "deployment/$PW_TARGET" --timeout="$PW_TIMEOUT"',
      ]);
      expect(shCalls(result)[0]!.env).toMatchObject({
        PW_NAMESPACE: 'production',
        PW_MAX_SURGE: '25%',
        PW_MAX_UNAVAILABLE: '0',
      });
      expect(shCalls(result)[1]!.env).toMatchObject({
        PW_TARGET: 'web',
        PW_CONTAINER: 'web',
        PW_IMAGE: 'team/web:2',
      });
      expect(result.calls.find((c) => c.step === 'container')!.args).toBe('kubectl');
    });

    it('pauses a canary, and resumes it once approved', async () => {
      const result = await run('deployToKubernetes', {
        config: { ...base, strategy: 'canary', approvers: 'release-managers' },
        input: 'proceed',
      });
      expect(result.error).toBeNull();
      const labels = shCalls(result).map((c) => c.args.label);
      expect(labels).toEqual([
        'kubectl patch strategy',
        'kubectl set image',
        'kubectl rollout pause',
        'wait for the canary pods',
        'kubectl rollout resume',
        'kubectl rollout status',
      ]);
      expect(result.calls.find((c) => c.step === 'input')!.args).toEqual({
        message: 'Promote the canary of web in production?',
        ok: 'Promote',
        submitter: 'release-managers',
      });
      expect(stepNames(result).indexOf('input')).toBeGreaterThan(labels.indexOf('kubectl rollout pause'));
    });

    it('undoes a canary the approver aborts, and fails the build', async () => {
      const result = await run('deployToKubernetes', {
        config: { ...base, strategy: 'canary' },
        input: 'abort',
      });
      expect(shCalls(result).map((c) => c.args.label)).toEqual([
        'kubectl patch strategy',
        'kubectl set image',
        'kubectl rollout pause',
        'wait for the canary pods',
        'kubectl rollout undo',
        'kubectl rollout resume',
        'kubectl rollout status',
      ]);
      expect(result.error).toBe(
        'deployToKubernetes: the canary of web was not promoted; the deployment is back on its previous version',
      );
    });

    it('undoes a canary whose check fails without asking anyone', async () => {
      const result = await run('deployToKubernetes', {
        config: { ...base, strategy: 'canary', canaryCheck: 'curl -f http://web/health' },
        sh: [{ match: 'canary check', status: 1 }],
      });
      expect(stepNames(result)).not.toContain('input');
      expect(shCalls(result).find((c) => c.args.label === 'canary check')!.env.PW_CHECK).toBe(
        'curl -f http://web/health',
      );
      expect(scripts(result)).toContain(
        'kubectl -n "$PW_NAMESPACE" rollout undo "deployment/$PW_DEPLOYMENT"',
      );
      expect(result.error).toMatch(/was not promoted/);
    });

    it('rolls back to a given revision with rollout undo --to-revision', async () => {
      const result = await run('deployToKubernetes', {
        config: { environment: 'production', deployment: 'web', strategy: 'rollback', toRevision: 3 },
      });
      expect(result.error).toBeNull();
      const [undo, status] = shCalls(result);
      expect(undo!.args.script).toBe(
        'kubectl -n "$PW_NAMESPACE" rollout undo "deployment/$PW_DEPLOYMENT" --to-revision="$PW_REVISION"',
      );
      expect(undo!.env.PW_REVISION).toBe('3');
      expect(status!.args.label).toBe('kubectl rollout status');
    });

    it('deploys blue-green beside the live color, switches the service when ready, then retires the old color', async () => {
      const result = await run('deployToKubernetes', {
        config: { ...base, strategy: 'blue-green', holdSeconds: 60 },
        sh: [{ match: 'active color', stdout: 'blue\n' }],
      });
      expect(result.error).toBeNull();
      const calls = shCalls(result);
      expect(calls.map((c) => c.args.label)).toEqual([
        'active color',
        'scale up the new color',
        'kubectl set image',
        'kubectl rollout status',
        'switch the service',
        'scale down the old color',
      ]);
      expect(calls[2]!.env.PW_TARGET).toBe('web-green');
      expect(calls[4]!.env).toMatchObject({ PW_SERVICE: 'web', PW_COLOR: 'green' });
      expect(calls[5]!.env.PW_TARGET).toBe('web-blue');
      expect(result.calls.find((c) => c.step === 'sleep')!.args).toEqual({ time: 60, unit: 'SECONDS' });
      expect(stepNames(result).indexOf('sleep')).toBeLessThan(result.calls.indexOf(calls[5]!));
    });

    it('reads a kubeconfig credential only through the environment', async () => {
      const result = await run('deployToKubernetes', {
        config: { ...base, kubeconfigCredentialsId: 'kube-prod' },
      });
      expect(result.calls.find((c) => c.step === 'withCredentials')!.args).toEqual([
        { binding: 'file', credentialsId: 'kube-prod', variable: 'KUBECONFIG' },
      ]);
      expect(shCalls(result).every((c) => c.env.KUBECONFIG === FAKE_SECRET)).toBe(true);
      expectNoSecretInCode(result, { ...base, kubeconfigCredentialsId: 'kube-prod' });
    });
  });

  describe('pipewrightNotify', () => {
    const env = {
      PIPEWRIGHT_URL: 'http://pipewright:8080',
      PIPEWRIGHT_RUN_ID: 'run-1',
      PIPEWRIGHT_RUN_TOKEN: 'pwr_run-credential',
      BUILD_URL: 'http://jenkins/job/x/1/',
    };
    const sent = async (config: Record<string, unknown>, extra: Scenario = {}) => {
      const result = await run('pipewrightNotify', { config, env, ...extra });
      expect(result.error).toBeNull();
      expect(result.result).toBe(true);
      const [sh] = shCalls(result);
      expect(sh!.env.PW_EVENTS_URL).toBe('http://pipewright:8080/api/runs/run-1/events');
      // The credential is read by the script from the environment, never written into it.
      expect(JSON.stringify(result.calls)).not.toContain(env.PIPEWRIGHT_RUN_TOKEN);
      return JSON.parse(sh!.env.PW_BODY!) as unknown[];
    };

    it('sends exactly the RunEvent contract the service takes, for every event it reports', async () => {
      const bodies = [
        await sent({ event: 'started' }),
        await sent({ event: 'stage', stage: 'Deploy' }),
        await sent({ event: 'stage', stage: 'Deploy', status: 'SUCCESS' }),
        await sent({ event: 'stage', stage: 'Lint', status: 'NOT_BUILT' }),
        await sent({ event: 'input-pending', stage: 'Approve', message: 'Ship?', submitters: 'alice, ops' }),
        await sent({ event: 'finished' }, { currentResult: 'UNSTABLE' }),
      ];
      for (const body of bodies) expect(Value.Errors(RunEventBatch, body).First()?.message).toBeUndefined();
      expect(bodies.map((b) => b[0])).toEqual([
        { id: 'run:started', type: 'run.started' },
        { id: 'stage:Deploy:started', type: 'stage.started', stage: 'Deploy' },
        { id: 'stage:Deploy:finished', type: 'stage.finished', stage: 'Deploy', status: 'success' },
        { id: 'stage:Lint:finished', type: 'stage.finished', stage: 'Lint', status: 'skipped' },
        {
          id: 'gate:Approve:waiting',
          type: 'gate.waiting',
          stage: 'Approve',
          message: 'Ship?',
          submitters: { users: ['alice', 'ops'], groups: [] },
        },
        { id: 'run:finished', type: 'run.finished', status: 'unstable' },
      ]);
      const script = readFileSync(`${RESOURCES}pipewright/notify.sh`, 'utf8');
      expect(script).toContain('Authorization: Bearer $PIPEWRIGHT_RUN_TOKEN');
    });

    it('never fails the build when the service is down or not configured', async () => {
      const down = await run('pipewrightNotify', {
        config: { event: 'finished' },
        env,
        sh: [{ match: 'notify', status: 7 }],
      });
      expect(down.error).toBeNull();
      expect(down.result).toBe(false);
      const unconfigured = await run('pipewrightNotify', { config: { event: 'started' } });
      expect(unconfigured.error).toBeNull();
      expect(unconfigured.result).toBe(false);
      expect(shCalls(unconfigured)).toEqual([]);
      expect((await run('pipewrightNotify', { config: { event: 'exploded' }, env })).error).toMatch(
        /must be one of started, stage, input-pending, finished/,
      );
      expect(
        (await run('pipewrightNotify', { config: { event: 'stage', stage: 'A', status: 'MAYBE' }, env }))
          .error,
      ).toMatch(/status must be one of SUCCESS, UNSTABLE, FAILURE, ABORTED, NOT_BUILT/);
    });
  });

  describe('runTestPlan', () => {
    const env = { PIPEWRIGHT_URL: 'http://pipewright:8080', BUILD_URL: 'http://jenkins/job/x/1/' };
    // Answers as the service sends them (service/contracts/test-plans.ts).
    const planRun = (status: string, runStatus: string, passed: number, total: number) =>
      JSON.stringify({
        id: 'tpr-1',
        plan: 'smoke',
        planId: 'p-1',
        status,
        runStatus,
        runner: 'local',
        total,
        passed,
        failed: total - passed,
        notRunnable: 0,
        environment: 'staging',
        build: 'http://jenkins/job/x/1/',
        commit: null,
        trigger: 'api',
        operator: 'jenkins',
        reason: null,
        queuedAt: '2026-01-01T00:00:00.000Z',
        startedAt: null,
        finishedAt: null,
      });
    const running = planRun('running', 'running', 0, 0);
    const finished = (passed: number, total: number) => planRun('passed', 'success', passed, total);

    it('starts the plan, polls until it finishes, and publishes the JUnit report', async () => {
      const result = await run('runTestPlan', {
        config: { plan: 'smoke', environment: 'staging', pollSeconds: 5 },
        env,
        sh: [
          { match: 'start test plan', stdout: running },
          { match: 'status', stdout: finished(10, 10) },
        ],
      });
      expect(result.error).toBeNull();
      expect(shCalls(result).map((c) => c.args.label)).toEqual([
        'start test plan smoke',
        'test plan smoke status',
        'download the JUnit report',
      ]);
      expect(JSON.parse(shCalls(result)[0]!.env.PW_BODY!)).toEqual({
        environment: 'staging',
        build: 'http://jenkins/job/x/1/',
        commit: null,
      });
      // The request and the fake service's answers follow the contract in service/contracts.
      expect(Value.Check(TestPlanRunRequest, JSON.parse(shCalls(result)[0]!.env.PW_BODY!))).toBe(true);
      for (const answer of [running, finished(10, 10)])
        expect(Value.Check(TestPlanRun, JSON.parse(answer))).toBe(true);
      expect(result.calls.find((c) => c.step === 'junit')!.args).toEqual({
        testResults: '.pipewright/test-plan-junit.xml',
        allowEmptyResults: false,
      });
      expectNoSecretInCode(result);
    });

    it('fails below the fail threshold and marks unstable below the unstable threshold', async () => {
      const answers = (passed: number) => [{ match: 'start test plan', stdout: finished(passed, 10) }];
      const failed = await run('runTestPlan', {
        config: { plan: 'smoke', failThreshold: 80 },
        env,
        sh: answers(7),
      });
      expect(failed.error).toBe(
        'runTestPlan: test plan smoke: 7/10 passed (70.0%), below the fail threshold of 80%',
      );
      const unstable = await run('runTestPlan', {
        config: { plan: 'smoke', failThreshold: 80, unstableThreshold: 95 },
        env,
        sh: answers(9),
      });
      expect(unstable.error).toBeNull();
      expect(unstable.calls.find((c) => c.step === 'unstable')!.args).toBe(
        'runTestPlan: test plan smoke: 9/10 passed (90.0%), below the unstable threshold of 95%',
      );
      expect((await run('runTestPlan', { config: {} })).error).toBe(
        "runTestPlan: 'plan' is required, e.g. runTestPlan(plan: 'smoke')",
      );
    });
  });
});
