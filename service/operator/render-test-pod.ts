import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { ComposeConversionError, type ComposeProblem } from '../compose/compose-errors.js';
import { composeToPod } from '../compose/compose-to-pod.js';
import { TEST_CONTAINER } from './classify-pod.js';
import {
  COLLECTOR_GRACE_SECONDS,
  EXIT_DELAY_ANNOTATION,
  SHARED_DIR,
  TEST_WRAPPER_SCRIPT,
  collectorContainer,
  type SidecarMode,
} from './collector-sidecar.js';
import {
  API_GROUP,
  API_VERSION,
  LABELS,
  TEST_CASE_DEFAULTS,
  podNameFor,
  type TestCase,
} from './test-case-resource.js';

export interface PodRenderOptions {
  collectorImage: string;
  sidecarMode: SidecarMode;
  /** Base URL the collector PUTs a tar of SHARED_DIR to, as <base>/<plan run>/<case>/<attempt>; none means no upload. */
  uploadBaseUrl?: string;
}

/** A case the operator cannot turn into a pod; it becomes the case's Error status, with every problem. */
export class TestCaseDefinitionError extends Error {
  readonly code = 'INVALID_TEST_CASE';
  constructor(readonly problems: ComposeProblem[]) {
    super(problems.map((p) => `[${p.path}] ${p.message}`).join('\n'));
  }
}

export function uploadUrlFor(
  testCase: TestCase,
  attempt: number,
  base: string | undefined,
): string | undefined {
  if (!base) return undefined;
  const part = (s: string) => encodeURIComponent(s);
  return `${base.replace(/\/+$/, '')}/${part(testCase.spec.planRun)}/${part(testCase.metadata.name)}/${attempt}`;
}

function withSharedDir(container: V1Container): V1Container {
  return {
    ...container,
    env: [...(container.env ?? []), { name: 'PIPEWRIGHT_ARTIFACTS_DIR', value: `${SHARED_DIR}/artifacts` }],
    volumeMounts: [...(container.volumeMounts ?? []), { name: 'pipewright', mountPath: SHARED_DIR }],
  };
}

/** Without native sidecars the test's own command is wrapped, so the wrapper must know it. */
function wrapForHandshake(container: V1Container, path: string): V1Container {
  const command = [...(container.command ?? []), ...(container.args ?? [])];
  if (!container.command || container.command.length === 0)
    throw new TestCaseDefinitionError([
      {
        path,
        message:
          "this cluster has no native sidecars, so the test's command is wrapped to signal the collector; give the case a command (the image's entrypoint cannot be read from here)",
      },
    ]);
  return {
    ...container,
    command: ['/bin/sh', '-c', TEST_WRAPPER_SCRIPT, 'pipewright-test', ...command],
    args: undefined,
  };
}

function containersOf(testCase: TestCase, mode: SidecarMode) {
  const spec = testCase.spec;
  if (spec.compose) {
    let composed;
    try {
      composed = composeToPod(spec.compose);
    } catch (error) {
      if (error instanceof ComposeConversionError)
        throw new TestCaseDefinitionError(
          error.problems.map((p) => ({ ...p, path: `spec.compose.${p.path}` })),
        );
      throw error;
    }
    if (mode === 'shared-volume') {
      const gated = composed.dependencies.filter((d) => d.gatesOnHealth);
      if (gated.length > 0)
        throw new TestCaseDefinitionError(
          gated.map((d) => ({
            path: `spec.compose.services.${d.service}`,
            message:
              'depends_on with condition service_healthy needs native sidecars (Kubernetes 1.29 or later); this cluster starts the containers of a pod all at once',
          })),
        );
    }
    // The case's own command and env (the service's script) run in the compose test service.
    const test: V1Container = {
      ...composed.test,
      ...(spec.command ? { command: spec.command, args: spec.args } : {}),
      ...(spec.env ? { env: [...(composed.test.env ?? []), ...spec.env] } : {}),
      ...resourcesOf(spec),
    };
    return {
      test,
      completions: composed.dependencies.filter((d) => d.runsToCompletion).map((d) => d.container),
      services: composed.dependencies.filter((d) => !d.runsToCompletion).map((d) => d.container),
      volumes: composed.volumes,
      hostAliases: composed.hostAliases,
    };
  }
  const test: V1Container = {
    name: TEST_CONTAINER,
    image: spec.image,
    ...(spec.command ? { command: spec.command } : {}),
    ...(spec.args ? { args: spec.args } : {}),
    ...(spec.env ? { env: spec.env.map((e) => ({ name: e.name, value: e.value })) } : {}),
    ...resourcesOf(spec),
  };
  return { test, completions: [], services: [], volumes: [], hostAliases: [] };
}

/**
 * The case's cpu and memory as the test container's requests; memory is also its limit, so a
 * leaking test is OOMKilled (a result) instead of starving the node. CPU has no limit: throttling
 * would turn into flaky timeouts.
 */
function resourcesOf(spec: TestCase['spec']): Pick<V1Container, 'resources'> {
  const r = spec.resources;
  if (!r || (!r.cpu && !r.memory)) return {};
  return {
    resources: {
      requests: { ...(r.cpu ? { cpu: r.cpu } : {}), ...(r.memory ? { memory: r.memory } : {}) },
      ...(r.memory ? { limits: { memory: r.memory } } : {}),
    },
  };
}

/**
 * The pod of one attempt of a case. Pure: the same case, attempt and options give the same pod.
 * Owned by its TestCase, so deleting the case deletes its pods.
 */
export function renderTestPod(testCase: TestCase, attempt: number, options: PodRenderOptions): V1Pod {
  const spec = testCase.spec;
  const problems: ComposeProblem[] = [];
  if (!spec.image && !spec.compose) problems.push({ path: 'spec', message: 'a case needs image or compose' });
  if (spec.image && spec.compose)
    problems.push({ path: 'spec', message: 'a case has image or compose, not both' });
  if (problems.length > 0) throw new TestCaseDefinitionError(problems);

  const exitDelaySeconds = spec.exitDelaySeconds ?? TEST_CASE_DEFAULTS.exitDelaySeconds;
  const parts = containersOf(testCase, options.sidecarMode);
  const native = options.sidecarMode === 'native';
  let test = withSharedDir(parts.test);
  if (!native)
    test = wrapForHandshake(
      test,
      spec.compose ? 'spec.compose (entrypoint of the test service)' : 'spec.command',
    );
  const collector = collectorContainer({
    image: options.collectorImage,
    mode: options.sidecarMode,
    exitDelaySeconds,
    uploadUrl: uploadUrlFor(testCase, attempt, options.uploadBaseUrl),
  });
  const services = native ? parts.services.map((c) => ({ ...c, restartPolicy: 'Always' })) : parts.services;
  const initContainers = native ? [collector, ...parts.completions, ...services] : parts.completions;
  const containers = native ? [test] : [test, collector, ...services];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podNameFor(testCase, attempt),
      namespace: testCase.metadata.namespace,
      labels: {
        [LABELS.testCase]: testCase.metadata.name,
        [LABELS.planRun]: spec.planRun,
        [LABELS.attempt]: String(attempt),
      },
      annotations: { [EXIT_DELAY_ANNOTATION]: String(exitDelaySeconds) },
      ownerReferences: [
        {
          apiVersion: `${API_GROUP}/${API_VERSION}`,
          kind: 'TestCase',
          name: testCase.metadata.name,
          uid: testCase.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      restartPolicy: 'Never',
      activeDeadlineSeconds: spec.timeoutSeconds ?? TEST_CASE_DEFAULTS.timeoutSeconds,
      // The collector gets SIGTERM when the test ends (native) or the deadline hits, and needs its exit delay.
      terminationGracePeriodSeconds: exitDelaySeconds + COLLECTOR_GRACE_SECONDS,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      ...(initContainers.length > 0 ? { initContainers } : {}),
      containers,
      ...(parts.hostAliases.length > 0 ? { hostAliases: parts.hostAliases } : {}),
      volumes: [{ name: 'pipewright', emptyDir: {} }, ...parts.volumes],
    },
  };
}
