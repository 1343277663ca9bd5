import { describe, expect, it } from 'vitest';
import { COLLECTOR_CONTAINER, sidecarModeFor } from '../../service/operator/collector-sidecar.js';
import { renderTestPod, TestCaseDefinitionError } from '../../service/operator/render-test-pod.js';
import type { TestCase } from '../../service/operator/test-case-resource.js';
import { KubernetesObjectChecker } from '../support/kubernetes-objects.js';

const checker = new KubernetesObjectChecker();

function testCase(spec: Partial<TestCase['spec']> = {}): TestCase {
  return {
    apiVersion: 'pipewright.dev/v1alpha1',
    kind: 'TestCase',
    metadata: { name: 'checkout-flow', namespace: 'tests', uid: 'uid-9' },
    spec: {
      planRun: 'run-7',
      caseName: 'checkout flow',
      image: 'registry.example/e2e:3',
      command: ['npm', 'test'],
      env: [{ name: 'CI', value: 'true' }],
      exitDelaySeconds: 20,
      ...spec,
    },
  };
}

const COMPOSE = `
services:
  tests:
    image: registry.example/api-tests:1
    entrypoint: ["pytest", "-q"]
    depends_on:
      db: { condition: service_healthy }
      migrate: { condition: service_completed_successfully }
  migrate:
    image: registry.example/api:1
    command: ["./migrate", "up"]
  db:
    image: postgres:16
    user: "999:999"
    healthcheck: { test: ["CMD", "pg_isready"], interval: 2s }
`;

const options = {
  collectorImage: 'curlimages/curl:8.11.1',
  uploadBaseUrl: 'http://pipewright:8080/api/test-artifacts/',
} as const;

describe('renderTestPod', () => {
  it.each([
    ['an image case with native sidecars', testCase(), 'native'],
    ['an image case on a cluster without native sidecars', testCase(), 'shared-volume'],
    [
      'a compose case with native sidecars',
      testCase({
        image: undefined,
        command: undefined,
        compose: { files: [{ name: 'compose.yaml', content: COMPOSE }] },
      }),
      'native',
    ],
  ] as const)('renders %s into a valid Pod with no unknown fields', async (_label, source, mode) => {
    const pod = renderTestPod(source, 1, { ...options, sidecarMode: mode });
    expect(await checker.validate(pod as { apiVersion: string; kind: string })).toEqual([]);
  });

  it('runs the collector as a native sidecar that learns its exit delay from the case', () => {
    const pod = renderTestPod(testCase(), 2, { ...options, sidecarMode: 'native' });
    const collector = pod.spec!.initContainers![0]!;
    expect(collector).toMatchObject({
      name: COLLECTOR_CONTAINER,
      image: 'curlimages/curl:8.11.1',
      restartPolicy: 'Always',
    });
    expect(collector.env).toEqual([
      { name: 'PIPEWRIGHT_EXIT_DELAY_SECONDS', value: '20' },
      { name: 'PIPEWRIGHT_SIDECAR_MODE', value: 'native' },
      {
        name: 'PIPEWRIGHT_UPLOAD_URL',
        value: 'http://pipewright:8080/api/test-artifacts/run-7/checkout-flow/2',
      },
    ]);
    expect(pod.metadata!.annotations).toEqual({ 'pipewright.dev/exit-delay-seconds': '20' });
    expect(pod.spec!.terminationGracePeriodSeconds).toBe(25);
    expect(pod.spec!.containers.map((c) => [c.name, c.command])).toEqual([['test', ['npm', 'test']]]);
  });

  it('wraps the test command for the shared-volume handshake and keeps the collector a regular container', () => {
    const pod = renderTestPod(testCase(), 1, { ...options, sidecarMode: 'shared-volume' });
    expect(pod.spec!.initContainers).toBeUndefined();
    const [test, collector] = pod.spec!.containers;
    expect(test!.command!.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(test!.command![2]).toContain('/pipewright/exit-code');
    expect(test!.command!.slice(3)).toEqual(['pipewright-test', 'npm', 'test']);
    expect(collector!.name).toBe(COLLECTOR_CONTAINER);
    expect(collector!.restartPolicy).toBeUndefined();
  });

  it('starts compose dependencies before the test: the collector, the one-shot migration, then the healthy-gated db', () => {
    const pod = renderTestPod(
      testCase({
        image: undefined,
        command: undefined,
        compose: { files: [{ name: 'compose.yaml', content: COMPOSE }] },
      }),
      1,
      { ...options, sidecarMode: 'native' },
    );
    expect(pod.spec!.initContainers!.map((c) => [c.name, c.restartPolicy, Boolean(c.startupProbe)])).toEqual([
      ['collector', 'Always', false],
      ['migrate', undefined, false],
      ['db', 'Always', true],
    ]);
    expect(pod.spec!.hostAliases).toEqual([{ ip: '127.0.0.1', hostnames: ['tests', 'migrate', 'db'] }]);
  });

  it("runs a compose case's own command, env and resources in its test service", async () => {
    const pod = renderTestPod(
      testCase({
        image: undefined,
        command: ['/bin/sh', '-ec', 'pytest -q -k smoke'],
        env: [{ name: 'SUITE', value: 'smoke' }],
        resources: { cpu: '500m', memory: '512Mi' },
        compose: { files: [{ name: 'compose.yaml', content: COMPOSE }] },
      }),
      1,
      { ...options, sidecarMode: 'native' },
    );
    const test = pod.spec!.containers.find((c) => c.name === 'test')!;
    expect(test.command).toEqual(['/bin/sh', '-ec', 'pytest -q -k smoke']);
    expect(test.env).toContainEqual({ name: 'SUITE', value: 'smoke' });
    expect(test.resources).toEqual({
      requests: { cpu: '500m', memory: '512Mi' },
      limits: { memory: '512Mi' },
    });
    expect(await checker.validate(pod as { apiVersion: string; kind: string })).toEqual([]);
  });

  it('explains what cannot be expressed without native sidecars', () => {
    const compose = testCase({
      image: undefined,
      command: undefined,
      compose: { files: [{ name: 'compose.yaml', content: COMPOSE }] },
    });
    expect(() => renderTestPod(compose, 1, { ...options, sidecarMode: 'shared-volume' })).toThrow(
      TestCaseDefinitionError,
    );
    expect(() => renderTestPod(compose, 1, { ...options, sidecarMode: 'shared-volume' })).toThrow(
      '[spec.compose.services.db] depends_on with condition service_healthy needs native sidecars (Kubernetes 1.29 or later)',
    );
    expect(() =>
      renderTestPod(testCase({ command: undefined }), 1, { ...options, sidecarMode: 'shared-volume' }),
    ).toThrow('[spec.command]');
  });

  it('names pods after case and attempt, within the 63-character limit', () => {
    const long = testCase();
    long.metadata.name = 'a'.repeat(70);
    expect(renderTestPod(long, 12, { ...options, sidecarMode: 'native' }).metadata!.name).toBe(
      `${'a'.repeat(60)}-12`,
    );
  });

  it('chooses native sidecars from Kubernetes 1.29 on', () => {
    expect(sidecarModeFor({ major: '1', minor: '28' })).toBe('shared-volume');
    expect(sidecarModeFor({ major: '1', minor: '29+' })).toBe('native');
    expect(sidecarModeFor({ major: '1', minor: '31' })).toBe('native');
  });
});
