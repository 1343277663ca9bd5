import type { V1ContainerState, V1Pod } from '@kubernetes/client-node';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { TEST_CASE_CRD } from '../../service/operator/custom-resource-definitions.js';
import { reconcileTestCase, type ReconcileAction } from '../../service/operator/reconcile-test-case.js';
import type { PodRenderOptions } from '../../service/operator/render-test-pod.js';
import type { TestCase, TestCaseStatus } from '../../service/operator/test-case-resource.js';

const NOW = new Date('2026-01-01T12:00:00.000Z');
const OPTIONS: PodRenderOptions = { collectorImage: 'curlimages/curl:8.11.1', sidecarMode: 'native' };

function testCase(status?: TestCaseStatus, spec: Partial<TestCase['spec']> = {}): TestCase {
  return {
    apiVersion: 'pipewright.dev/v1alpha1',
    kind: 'TestCase',
    metadata: { name: 'login-works', namespace: 'tests', uid: 'uid-1', resourceVersion: '7' },
    spec: {
      planRun: 'run-1',
      caseName: 'login works',
      image: 'registry.example/e2e:1',
      command: ['npm', 'test'],
      ...spec,
    },
    ...(status ? { status } : {}),
  };
}

const started: TestCaseStatus = {
  phase: 'Pending',
  attempt: 1,
  podName: 'login-works-1',
  logLocation: '/api/v1/namespaces/tests/pods/login-works-1/log?container=test',
};

function pod(
  phase: string,
  state: V1ContainerState | undefined,
  extra: Partial<NonNullable<V1Pod['status']>> = {},
): V1Pod {
  return {
    metadata: { name: 'login-works-1', namespace: 'tests' },
    spec: { containers: [], activeDeadlineSeconds: 600 },
    status: {
      phase,
      ...(state
        ? {
            containerStatuses: [
              { name: 'test', image: 'e2e', imageID: '', ready: false, restartCount: 0, state },
            ],
          }
        : {}),
      ...extra,
    },
  };
}

const terminated = (exitCode: number, reason: string): V1ContainerState => ({
  terminated: {
    exitCode,
    reason,
    startedAt: new Date('2026-01-01T11:58:00Z'),
    finishedAt: new Date('2026-01-01T11:59:00Z'),
  },
});

const statusOf = (actions: ReconcileAction[]) => actions.find((a) => a.kind === 'writeStatus')?.status;
const kinds = (actions: ReconcileAction[]) => actions.map((a) => a.kind);

const ajv = new Ajv({ strict: false });
addFormats.default(ajv);
const statusSchema = (
  TEST_CASE_CRD.spec.versions[0]!.schema.openAPIV3Schema.properties as Record<string, object>
).status!;
const validStatus = ajv.compile(statusSchema);

describe('reconcileTestCase', () => {
  it('GIVEN a new case with no pod WHEN reconciled THEN it creates the pod of attempt 1, owned by the case', () => {
    const actions = reconcileTestCase({ testCase: testCase(), pod: undefined, now: NOW }, OPTIONS);
    // No status yet: the pod's name says which attempt it is, and a case without status is Pending.
    expect(kinds(actions)).toEqual(['createPod']);
    const created = actions[0] as Extract<ReconcileAction, { kind: 'createPod' }>;
    expect(created.pod.metadata!.name).toBe('login-works-1');
    expect(created.pod.metadata!.ownerReferences).toEqual([
      {
        apiVersion: 'pipewright.dev/v1alpha1',
        kind: 'TestCase',
        name: 'login-works',
        uid: 'uid-1',
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(created.pod.spec!.activeDeadlineSeconds).toBe(600);
  });

  it('GIVEN a new case whose first pod exists WHEN it is pending THEN nothing is written; WHEN it runs THEN the status names the pod', () => {
    expect(
      reconcileTestCase(
        { testCase: testCase(), pod: pod('Pending', { waiting: { reason: 'ContainerCreating' } }), now: NOW },
        OPTIONS,
      ),
    ).toEqual([]);
    const running = pod('Running', { running: { startedAt: new Date('2026-01-01T11:58:00Z') } });
    expect(reconcileTestCase({ testCase: testCase(), pod: running, now: NOW }, OPTIONS)).toEqual([
      {
        kind: 'writeStatus',
        status: { ...started, phase: 'Running', startedAt: '2026-01-01T11:58:00.000Z' },
      },
    ]);
  });

  it.each<[string, V1Pod | undefined, TestCaseStatus['phase'], Partial<TestCaseStatus>, string[]]>([
    [
      'pod pending (image pulling)',
      pod('Pending', { waiting: { reason: 'ContainerCreating' } }),
      'Pending',
      {},
      [],
    ],
    [
      'pod running',
      pod('Running', { running: { startedAt: new Date('2026-01-01T11:58:00Z') } }),
      'Running',
      { startedAt: '2026-01-01T11:58:00.000Z' },
      ['writeStatus'],
    ],
    [
      'pod succeeded',
      pod('Succeeded', terminated(0, 'Completed')),
      'Passed',
      {
        exitCode: 0,
        reason: 'Completed',
        message: 'the test passed',
        finishedAt: '2026-01-01T11:59:00.000Z',
      },
      ['writeStatus'],
    ],
    [
      'pod failed with code 3',
      pod('Failed', terminated(3, 'Error')),
      'Failed',
      { exitCode: 3, reason: 'ExitCode', message: 'the test exited with code 3' },
      ['writeStatus'],
    ],
    [
      'test container OOMKilled',
      pod('Failed', terminated(137, 'OOMKilled')),
      'Failed',
      {
        exitCode: 137,
        reason: 'OOMKilled',
        message: 'the test ran out of memory and was killed (exit code 137)',
      },
      ['writeStatus'],
    ],
    [
      'pod evicted',
      pod('Failed', undefined, { reason: 'Evicted', message: 'The node was low on resource: memory.' }),
      'Failed',
      { reason: 'Evicted', message: 'the node evicted the pod: The node was low on resource: memory.' },
      ['writeStatus'],
    ],
    [
      'deadline exceeded',
      pod('Failed', terminated(143, 'Error'), {
        reason: 'DeadlineExceeded',
        message: 'Pod was active on the node longer than the specified deadline',
      }),
      'Failed',
      {
        exitCode: 143,
        reason: 'DeadlineExceeded',
        message: 'the test did not finish within its timeout (600s)',
      },
      ['writeStatus'],
    ],
    [
      'image pull backoff',
      pod('Pending', {
        waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.example/e2e:1"' },
      }),
      'Error',
      {
        reason: 'ImagePullError',
        message:
          'the test image could not be pulled (ImagePullBackOff): Back-off pulling image "registry.example/e2e:1"',
      },
      ['deletePod', 'writeStatus'],
    ],
    [
      'pod deleted externally',
      undefined,
      'Failed',
      { reason: 'PodDeleted', message: 'pod login-works-1 was deleted before the test finished' },
      ['writeStatus'],
    ],
  ])(
    'GIVEN %s WHEN reconciled THEN the case is %s with the right reason',
    (_label, observed, phase, fields, expectedKinds) => {
      const actions = reconcileTestCase({ testCase: testCase(started), pod: observed, now: NOW }, OPTIONS);
      expect(kinds(actions)).toEqual(expectedKinds);
      const status = statusOf(actions) ?? started;
      expect(status).toMatchObject({ ...started, phase, ...fields });
      expect(validStatus(status), JSON.stringify(validStatus.errors)).toBe(true);
      if (phase === 'Passed' || phase === 'Failed' || phase === 'Error')
        expect(status.finishedAt).toBeDefined();
    },
  );

  it('GIVEN a failed attempt with retries left WHEN reconciled THEN it creates the next attempt and says why', () => {
    const actions = reconcileTestCase(
      { testCase: testCase(started, { retries: 2 }), pod: pod('Failed', terminated(3, 'Error')), now: NOW },
      OPTIONS,
    );
    expect(kinds(actions)).toEqual(['createPod', 'writeStatus']);
    expect((actions[0] as Extract<ReconcileAction, { kind: 'createPod' }>).pod.metadata!.name).toBe(
      'login-works-2',
    );
    expect(statusOf(actions)).toMatchObject({
      phase: 'Pending',
      attempt: 2,
      podName: 'login-works-2',
      message: 'attempt 1 of 3 failed (ExitCode): the test exited with code 3; retrying',
    });
  });

  it('GIVEN the last attempt fails WHEN reconciled THEN the case fails, naming the attempt', () => {
    const last = { ...started, attempt: 3, podName: 'login-works-3' };
    const actions = reconcileTestCase(
      { testCase: testCase(last, { retries: 2 }), pod: pod('Failed', terminated(1, 'Error')), now: NOW },
      OPTIONS,
    );
    expect(statusOf(actions)).toMatchObject({
      phase: 'Failed',
      attempt: 3,
      exitCode: 1,
      message: 'the test exited with code 1 (attempt 3 of 3)',
    });
  });

  it('does not retry an image that cannot be pulled: it would fail the same way', () => {
    const observed = pod('Pending', { waiting: { reason: 'InvalidImageName' } });
    const actions = reconcileTestCase(
      { testCase: testCase(started, { retries: 3 }), pod: observed, now: NOW },
      OPTIONS,
    );
    expect(statusOf(actions)).toMatchObject({ phase: 'Error', attempt: 1, reason: 'ImagePullError' });
  });

  it('records a case it cannot turn into a pod as Error with every problem, and creates nothing', () => {
    const broken = testCase(undefined, {
      image: undefined,
      compose: { files: [{ name: 'compose.yaml', content: 'services:\n  app:\n    build: .\n' }] },
    });
    const actions = reconcileTestCase({ testCase: broken, pod: undefined, now: NOW }, OPTIONS);
    expect(kinds(actions)).toEqual(['writeStatus']);
    expect(statusOf(actions)).toMatchObject({ phase: 'Error', reason: 'InvalidCase' });
    expect(statusOf(actions)!.message).toContain(
      '[spec.compose.services.app.build] a test pod runs images and cannot build one',
    );
    expect(statusOf(actions)!.message).toContain(
      '[spec.compose.services.app.image] every service needs image:',
    );
  });

  it('is idempotent: the state its actions produce yields no further action', () => {
    const running = pod('Running', { running: { startedAt: new Date('2026-01-01T11:58:00Z') } });
    const first = statusOf(
      reconcileTestCase({ testCase: testCase(started), pod: running, now: NOW }, OPTIONS),
    )!;
    expect(reconcileTestCase({ testCase: testCase(first), pod: running, now: NOW }, OPTIONS)).toEqual([]);
    const done = statusOf(
      reconcileTestCase(
        { testCase: testCase(first), pod: pod('Succeeded', terminated(0, 'Completed')), now: NOW },
        OPTIONS,
      ),
    )!;
    expect(
      reconcileTestCase(
        { testCase: testCase(done), pod: pod('Succeeded', terminated(0, 'Completed')), now: NOW },
        OPTIONS,
      ),
    ).toEqual([]);
  });

  it('ends a pod whose sidecars outlive the result once the exit delay has passed, and not before', () => {
    const done: TestCaseStatus = {
      ...started,
      phase: 'Passed',
      exitCode: 0,
      finishedAt: '2026-01-01T11:59:55.000Z',
    };
    const lingering = pod('Running', terminated(0, 'Completed'));
    // exit delay 10 s + grace 5 s after 11:59:55 is 12:00:10.
    expect(reconcileTestCase({ testCase: testCase(done), pod: lingering, now: NOW }, OPTIONS)).toEqual([
      { kind: 'requeue', afterSeconds: 10 },
    ]);
    const later = new Date('2026-01-01T12:00:10.000Z');
    expect(
      kinds(reconcileTestCase({ testCase: testCase(done), pod: lingering, now: later }, OPTIONS)),
    ).toEqual(['deletePod']);
  });

  it('refuses a transition out of a finished phase (the lifecycle is listed once)', async () => {
    const { transitionTestCase } = await import('../../service/operator/test-case-phase.js');
    expect(() => transitionTestCase('Passed', 'Running')).toThrow(
      'a TestCase cannot move from Passed to Running',
    );
    expect(transitionTestCase('Running', 'Failed')).toBe('Failed');
  });
});
