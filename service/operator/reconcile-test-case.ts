import type { V1Pod } from '@kubernetes/client-node';
import { classifyPod, TEST_CONTAINER, type PodOutcome } from './classify-pod.js';
import { COLLECTOR_GRACE_SECONDS } from './collector-sidecar.js';
import {
  renderTestPod,
  TestCaseDefinitionError,
  uploadUrlFor,
  type PodRenderOptions,
} from './render-test-pod.js';
import { TEST_CASE_DEFAULTS, podNameFor, type TestCase, type TestCaseStatus } from './test-case-resource.js';
import { isTerminal, transitionTestCase, type TestCasePhase } from './test-case-phase.js';

/** What the operator observed about one case: the case and the pod of its current attempt. */
export interface TestCaseObservation {
  testCase: TestCase;
  /** The pod of the attempt in the status (without a status: of attempt 1); undefined when it does not exist. */
  pod: V1Pod | undefined;
  now: Date;
}

export type ReconcileAction =
  | { kind: 'createPod'; pod: V1Pod }
  | { kind: 'deletePod'; name: string; why: string }
  | { kind: 'writeStatus'; status: TestCaseStatus }
  | { kind: 'requeue'; afterSeconds: number };

type Finished = {
  phase: TestCasePhase;
  reason: string;
  message: string;
  exitCode?: number;
  startedAt?: string;
  finishedAt?: string;
};

function podFinished(pod: V1Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

function sameStatus(a: TestCaseStatus | undefined, b: TestCaseStatus): boolean {
  if (!a) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof TestCaseStatus>;
  return [...keys].every((k) => a[k] === b[k]);
}

/** Drops undefined fields so a status compares and serialises the same whichever way it was built. */
function compact(status: TestCaseStatus): TestCaseStatus {
  return Object.fromEntries(
    Object.entries(status).filter(([, v]) => v !== undefined),
  ) as unknown as TestCaseStatus;
}

function write(current: TestCaseStatus | undefined, next: TestCaseStatus): ReconcileAction[] {
  transitionTestCase(current?.phase, next.phase);
  const status = compact(next);
  return sameStatus(current, status) ? [] : [{ kind: 'writeStatus', status }];
}

/** The status of an attempt that has its pod: where its log and reports will be. */
function attemptStatus(testCase: TestCase, attempt: number, options: PodRenderOptions): TestCaseStatus {
  const podName = podNameFor(testCase, attempt);
  const namespace = testCase.metadata.namespace ?? 'default';
  return {
    phase: 'Pending',
    attempt,
    podName,
    logLocation: `/api/v1/namespaces/${namespace}/pods/${podName}/log?container=${TEST_CONTAINER}`,
    artifactLocation: uploadUrlFor(testCase, attempt, options.uploadBaseUrl),
  };
}

function startAttempt(
  observation: TestCaseObservation,
  attempt: number,
  options: PodRenderOptions,
  message?: string,
): ReconcileAction[] {
  const { testCase, now } = observation;
  const current = testCase.status;
  let pod: V1Pod;
  try {
    pod = renderTestPod(testCase, attempt, options);
  } catch (error) {
    if (!(error instanceof TestCaseDefinitionError)) throw error;
    return write(current, {
      phase: 'Error',
      attempt,
      reason: 'InvalidCase',
      message: error.message,
      finishedAt: now.toISOString(),
    });
  }
  // The first attempt needs no status yet: its pod's name says which attempt it is, and a case
  // without status counts as Pending. That halves the writes of a plan run's start. A retry
  // records its attempt first-hand, pod first: after a crash in between, the next create of the
  // same name gets 409, not a twin.
  if (attempt === 1 && !current) return [{ kind: 'createPod', pod }];
  return [
    { kind: 'createPod', pod },
    ...write(current, {
      ...attemptStatus(testCase, attempt, options),
      message,
      startedAt: current?.startedAt,
    }),
  ];
}

function finishedBy(outcome: PodOutcome): Finished | undefined {
  switch (outcome.kind) {
    case 'exited':
      return { ...outcome, phase: outcome.exitCode === 0 ? 'Passed' : 'Failed' };
    case 'killed':
      return { ...outcome, phase: 'Failed' };
    case 'cannotStart':
      return { ...outcome, phase: 'Error' };
    default:
      return undefined;
  }
}

/**
 * Observed state -> actions, for one TestCase. Pure: no clock, no client; the caller passes `now`
 * and carries the actions out. Running it again on the state the actions produce yields none.
 */
export function reconcileTestCase(
  observation: TestCaseObservation,
  options: PodRenderOptions,
): ReconcileAction[] {
  const { testCase, pod, now } = observation;
  const status = testCase.status;
  const spec = testCase.spec;
  const exitDelay = spec.exitDelaySeconds ?? TEST_CASE_DEFAULTS.exitDelaySeconds;

  if (isTerminal(status?.phase)) {
    // The result is in; only a pod kept alive by its sidecars or compose services is left to end.
    if (!pod || podFinished(pod) || pod.metadata?.deletionTimestamp) return [];
    const finished = Date.parse(status!.finishedAt ?? now.toISOString());
    const due = finished + (exitDelay + COLLECTOR_GRACE_SECONDS) * 1000;
    if (now.getTime() >= due)
      return [
        {
          kind: 'deletePod',
          name: pod.metadata!.name!,
          why: 'the test has finished and the exit delay for collecting its logs has passed',
        },
      ];
    return [{ kind: 'requeue', afterSeconds: Math.ceil((due - now.getTime()) / 1000) }];
  }

  if (!status && !pod) return startAttempt(observation, 1, options);
  // No status but a pod: the first attempt's pod, made before any status was needed.
  const recorded = status ?? attemptStatus(testCase, 1, options);
  const attempt = recorded.attempt;

  const outcome: PodOutcome = pod
    ? classifyPod(pod)
    : {
        kind: 'killed',
        reason: 'PodDeleted',
        message: `pod ${recorded.podName ?? podNameFor(testCase, attempt)} was deleted before the test finished`,
      };
  const base = { ...recorded };
  if (outcome.kind === 'waiting') return status ? write(status, { ...base, phase: 'Pending' }) : [];
  if (outcome.kind === 'running')
    return write(status, {
      ...base,
      phase: 'Running',
      startedAt: recorded.startedAt ?? outcome.startedAt ?? now.toISOString(),
    });

  const finished = finishedBy(outcome)!;
  const retries = spec.retries ?? TEST_CASE_DEFAULTS.retries;
  const stopPod: ReconcileAction[] =
    pod && !podFinished(pod) && finished.phase === 'Error'
      ? [{ kind: 'deletePod', name: pod.metadata!.name!, why: finished.message }]
      : [];
  if (finished.phase === 'Failed' && attempt <= retries) {
    const stopOld: ReconcileAction[] =
      pod && !podFinished(pod)
        ? [{ kind: 'deletePod', name: pod.metadata!.name!, why: 'its attempt failed and a retry starts' }]
        : [];
    return [
      ...stopOld,
      ...startAttempt(
        observation,
        attempt + 1,
        options,
        `attempt ${attempt} of ${retries + 1} failed (${finished.reason}): ${finished.message}; retrying`,
      ),
    ];
  }
  return [
    ...stopPod,
    ...write(status, {
      ...base,
      phase: finished.phase,
      exitCode: finished.exitCode,
      reason: finished.reason,
      message: attempt > 1 ? `${finished.message} (attempt ${attempt} of ${retries + 1})` : finished.message,
      startedAt: recorded.startedAt ?? finished.startedAt,
      finishedAt: finished.finishedAt ?? now.toISOString(),
    }),
  ];
}
