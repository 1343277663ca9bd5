import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';

/** Name of the container whose exit code is the case's result, in every pod the operator renders. */
export const TEST_CONTAINER = 'test';

/** Waiting reasons after which the container will not start without someone changing the case. */
export const PERMANENT_WAITING_REASONS = [
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
  'CreateContainerError',
] as const;

/** What a pod says about its test, reduced to what the reconciler decides on. */
export type PodOutcome =
  | { kind: 'waiting' }
  | { kind: 'running'; startedAt?: string }
  | {
      kind: 'exited';
      exitCode: number;
      reason: 'Completed' | 'ExitCode' | 'OOMKilled';
      message: string;
      startedAt?: string;
      finishedAt?: string;
    }
  | {
      kind: 'killed';
      reason: 'Evicted' | 'DeadlineExceeded' | 'PodFailed' | 'PodDeleted';
      message: string;
      exitCode?: number;
      finishedAt?: string;
    }
  | { kind: 'cannotStart'; reason: string; message: string };

function testContainer(pod: V1Pod): V1ContainerStatus | undefined {
  return pod.status?.containerStatuses?.find((c) => c.name === TEST_CONTAINER);
}

function iso(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // Objects from the informer hold the API's strings, objects from typed calls hold Dates.
  return new Date(value).toISOString();
}

/**
 * Reads the test container's state first: its terminated exit code is the result even while a
 * sidecar or a compose dependency keeps the pod running. Pod-level reasons (eviction, deadline)
 * win over the container's state because the kubelet killed the test, the test did not fail.
 */
export function classifyPod(pod: V1Pod): PodOutcome {
  const container = testContainer(pod);
  const terminated = container?.state?.terminated ?? undefined;
  const podReason = pod.status?.reason;
  const podMessage = pod.status?.message ?? '';
  if (podReason === 'Evicted')
    return {
      kind: 'killed',
      reason: 'Evicted',
      message: `the node evicted the pod${podMessage ? `: ${podMessage}` : ''}`,
      exitCode: terminated?.exitCode,
      finishedAt: iso(terminated?.finishedAt),
    };
  if (podReason === 'DeadlineExceeded')
    return {
      kind: 'killed',
      reason: 'DeadlineExceeded',
      message: `the test did not finish within its timeout (${pod.spec?.activeDeadlineSeconds ?? '?'}s)`,
      exitCode: terminated?.exitCode,
      finishedAt: iso(terminated?.finishedAt),
    };
  if (terminated) {
    const exitCode = terminated.exitCode;
    const base = {
      kind: 'exited' as const,
      exitCode,
      startedAt: iso(terminated.startedAt),
      finishedAt: iso(terminated.finishedAt),
    };
    if (terminated.reason === 'OOMKilled')
      return {
        ...base,
        reason: 'OOMKilled',
        message: `the test ran out of memory and was killed (exit code ${exitCode})`,
      };
    if (exitCode === 0) return { ...base, reason: 'Completed', message: 'the test passed' };
    return { ...base, reason: 'ExitCode', message: `the test exited with code ${exitCode}` };
  }
  const waiting = container?.state?.waiting;
  if (waiting?.reason && (PERMANENT_WAITING_REASONS as readonly string[]).includes(waiting.reason)) {
    const what = waiting.reason.startsWith('Create')
      ? 'the test container could not be created'
      : 'the test image could not be pulled';
    return {
      kind: 'cannotStart',
      reason: waiting.reason.startsWith('Create') ? 'ContainerConfigError' : 'ImagePullError',
      message: `${what} (${waiting.reason})${waiting.message ? `: ${waiting.message}` : ''}`,
    };
  }
  if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded')
    return {
      kind: 'killed',
      reason: 'PodFailed',
      message: `the pod ended (${pod.status.phase}${podReason ? `, ${podReason}` : ''}) without an exit code from the test container${podMessage ? `: ${podMessage}` : ''}`,
    };
  if (container?.state?.running)
    return { kind: 'running', startedAt: iso(container.state.running.startedAt) };
  return { kind: 'waiting' };
}
