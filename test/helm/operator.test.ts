import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CUSTOM_RESOURCE_DEFINITIONS, TEST_CASE_CRD, TEST_SUMMARY_CRD } from '../../service/operator/custom-resource-definitions.js';
import { renderCrdTemplates } from '../../service/operator/render-crd-templates.js';
import { KubernetesObjectChecker } from '../support/kubernetes-objects.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHART = `${ROOT}helm/pipewright`;
const ALL_ENABLED = `${ROOT}test/helm/all-enabled.values.yaml`;

interface Rendered {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
}

let helm = '';
const render = (extra: string[]): Rendered[] => {
  const result = spawnSync(helm, ['template', 'ci', CHART, '--namespace', 'pipewright', ...extra], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return parseAllDocuments(result.stdout)
    .map((d) => d.toJS() as Rendered)
    .filter(Boolean);
};

type OperatorDeployment = {
  spec: {
    replicas: number;
    template: { spec: { containers: { command: string[]; env: { name: string; value?: string; valueFrom?: unknown }[] }[] } };
  };
};

describe('the chart with the operator enabled', () => {
  beforeAll(() => {
    helm = execFileSync('bash', [`${ROOT}scripts/install-helm.sh`], { encoding: 'utf8' }).trim().split('\n').pop()!;
  }, 120_000);

  it('renders CRDs and an operator Deployment that are valid Kubernetes objects with no unknown fields', async () => {
    const objects = render(['--set', 'operator.enabled=true']);
    const kinds = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(kinds).toContain('CustomResourceDefinition/testcases.pipewright.dev');
    expect(kinds).toContain('CustomResourceDefinition/testsummaries.pipewright.dev');
    expect(kinds).toContain('Deployment/ci-pipewright-operator');
    const checker = new KubernetesObjectChecker();
    expect((await Promise.all(objects.map((o) => checker.validate(o)))).flat()).toEqual([]);
  });

  it('leaves CRDs and the operator out by default, and CRDs out when they are managed elsewhere', () => {
    expect(render([]).filter((o) => o.kind === 'CustomResourceDefinition' || o.metadata.name.endsWith('-operator') && o.kind === 'Deployment')).toEqual([]);
    const kinds = render(['--set', 'operator.enabled=true', '--set', 'operator.installCRDs=false']).map((o) => o.kind);
    expect(kinds).not.toContain('CustomResourceDefinition');
    expect(kinds).toContain('Deployment');
  });

  it('ships the CRDs generated from the operator\'s own definitions (regenerate: npx tsx scripts/generate-crds.ts)', () => {
    for (const [file, text] of Object.entries(renderCrdTemplates()))
      expect(readFileSync(`${CHART}/templates/${file}`, 'utf8'), `helm/pipewright/templates/${file} is stale or edited by hand`).toBe(text);
    const rendered = render(['--set', 'operator.enabled=true']).filter((o) => o.kind === 'CustomResourceDefinition');
    expect(rendered).toEqual(CUSTOM_RESOURCE_DEFINITIONS.map((crd) => JSON.parse(JSON.stringify(crd)) as unknown));
  });

  it('gives both resources a status subresource, printer columns and a schema that checks fields', () => {
    for (const crd of [TEST_CASE_CRD, TEST_SUMMARY_CRD]) {
      const [version] = crd.spec.versions;
      expect(version!.subresources).toEqual({ status: {} });
      expect(version!.additionalPrinterColumns.map((c) => c.name)).toContain('Phase');
    }
    const ajv = new Ajv({ strict: false });
    addFormats.default(ajv);
    const validCase = ajv.compile(TEST_CASE_CRD.spec.versions[0]!.schema.openAPIV3Schema);
    expect(validCase({ spec: { planRun: 'r', caseName: 'c', image: 'alpine', timeoutSeconds: 30, retries: 1 } })).toBe(true);
    expect(validCase({ spec: { planRun: 'r', caseName: 'c', image: 'alpine', retries: -1 } })).toBe(false);
    expect(validCase({ spec: { planRun: 'r' } })).toBe(false);
    expect(validCase({ spec: { planRun: 'r', caseName: 'c', image: 'a' }, status: { phase: 'Exploded' } })).toBe(false);
    const validSummary = ajv.compile(TEST_SUMMARY_CRD.spec.versions[0]!.schema.openAPIV3Schema);
    expect(validSummary({ spec: { planRun: 'r', total: 3 }, status: { phase: 'Running', total: 3, counts: { Pending: 1, Running: 1, Passed: 1, Failed: 0, Error: 0 } } })).toBe(true);
    expect(validSummary({ spec: { planRun: 'r' }, status: { phase: 'Running', total: 3, counts: { Passed: 1 } } })).toBe(false);
  });

  it('configures the operator from values: namespace, identity from the pod name, lease, collector image, upload URL', () => {
    const deployment = render(['--values', ALL_ENABLED]).find((o) => o.kind === 'Deployment' && o.metadata.name === 'ci-pipewright-operator') as unknown as OperatorDeployment;
    expect(deployment.spec.replicas).toBe(3);
    const [container] = deployment.spec.template.spec.containers;
    expect(container!.command).toEqual(['pipewright', 'operator']);
    expect(container!.env).toEqual([
      { name: 'PIPEWRIGHT_OPERATOR_NAMESPACE', value: 'pipewright-tests' },
      { name: 'PIPEWRIGHT_OPERATOR_IDENTITY', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'PIPEWRIGHT_OPERATOR_LEASE', value: 'pipewright-operator' },
      { name: 'PIPEWRIGHT_SIDECAR_MODE', value: 'shared-volume' },
      { name: 'PIPEWRIGHT_COLLECTOR_IMAGE', value: 'registry.example/collector:1' },
      { name: 'PIPEWRIGHT_OPERATOR_CONCURRENCY', value: '16' },
      { name: 'PIPEWRIGHT_OPERATOR_METRICS_PORT', value: '9464' },
      { name: 'PIPEWRIGHT_UPLOAD_BASE_URL', value: 'http://pipewright:8080/api/test-artifacts' },
    ]);
  });

  it('fails with a helpful message on operator values that cannot work', () => {
    const cases: [string[], string][] = [
      [['--set', 'operator.enabled=true', '--set', 'operator.replicaCount=0'], 'operator.replicaCount must be at least 1'],
      [['--set', 'operator.sidecarMode=sometimes'], 'operator.sidecarMode "sometimes" is not one of auto, native, shared-volume'],
      [['--set', 'operator.enabled=true', '--set', 'operator.collector.image='], 'operator.collector.image is required'],
    ];
    for (const [args, message] of cases) {
      const result = spawnSync(helm, ['template', 'ci', CHART, ...args], { encoding: 'utf8' });
      expect(result.status, args.join(' ')).not.toBe(0);
      expect(result.stderr).toContain(message);
    }
  });
});
