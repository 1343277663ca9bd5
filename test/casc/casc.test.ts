import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROLES } from '../../service/auth/roles.js';
import { escapeForJcasc, readPodTemplates, renderKubernetesCloud } from '../../src/io/casc-kubernetes-cloud.js';
import { renderPipeline } from '../../src/render/render-pipeline.js';
import { BUILT_IN_TEMPLATES } from '../../src/templates/built-in-templates.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CASC = `${ROOT}casc/`;
const cascFiles = readdirSync(CASC).filter((f) => f.endsWith('.yaml'));
interface Component {
  source: string;
  pinned: string;
  newest: string;
  pinnedBy: string;
  chart?: string;
}
interface Catalogue {
  components: Record<string, Component>;
  attributes: Record<string, { component: string; from: string; evidence: string; checkedIn: string[] }>;
  removed: Record<string, { component: string; lastIn: string; goneSince: string }>;
}
const catalogue = JSON.parse(readFileSync(`${CASC}attribute-catalogue.json`, 'utf8')) as Catalogue;
const known = (path: string) => Object.hasOwn(catalogue.attributes, path);
/** plugin -> version, from casc/plugins.txt. */
const pinnedPlugins = new Map(
  readFileSync(`${CASC}plugins.txt`, 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.split(':') as [string, string]),
);
const load = (file: string) => parse(readFileSync(`${CASC}${file}`, 'utf8')) as Record<string, unknown>;

/** Every key path in a JCasC document: `jenkins.clouds[].kubernetes.name`. */
function keyPaths(value: unknown, path = '', out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => keyPaths(item, `${path}[]`, out));
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const next = path ? `${path}.${key}` : key;
      out.push(next);
      // Pod YAML is a string for the kubernetes plugin, not JCasC keys.
      keyPaths(child, next, out);
    }
  }
  return out;
}

/** Every string value with its path. */
function strings(value: unknown, path = '', out: [string, string][] = []): [string, string][] {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, path ? `${path}.${k}` : k, out);
  return out;
}

describe('Jenkins configuration as code', () => {
  it('uses only attributes that the catalogue names, in every casc file', () => {
    expect(cascFiles.sort()).toEqual(['jenkins.yaml', 'kubernetes-cloud.yaml']);
    const unknown = cascFiles.flatMap((f) => keyPaths(load(f)).filter((p) => !known(p)).map((p) => `${f}: ${p}`));
    expect(unknown).toEqual([]);
  });

  it('would reject a key the plugins do not have (the check has teeth)', () => {
    const broken = { jenkins: { clouds: [{ kubernetes: { name: 'k', containerCap: 10 } }] } };
    expect(keyPaths(broken).filter((p) => !known(p))).toEqual(['jenkins.clouds[].kubernetes.containerCap']);
    // A key the newest Jenkins dropped is not in the catalogue either, only in its removed list.
    const old = { jenkins: { crumbIssuer: { standard: { excludeClientIPFromCrumb: true } } } };
    expect(keyPaths(old).filter((p) => !known(p))).toEqual(['jenkins.crumbIssuer.standard.excludeClientIPFromCrumb']);
    expect(Object.keys(catalogue.removed)).toContain('jenkins.crumbIssuer.standard.excludeClientIPFromCrumb');
  });

  it('uses no key that a newer Jenkins or plugin removed', () => {
    const used = new Set(cascFiles.flatMap((f) => keyPaths(load(f))));
    expect(Object.keys(catalogue.removed).filter((p) => used.has(p))).toEqual([]);
    expect(Object.keys(catalogue.removed).filter(known)).toEqual([]);
  });

  it('names symbols given as scalars (crumbIssuer: standard) among the catalogued ones', () => {
    const jenkins = load('jenkins.yaml').jenkins as { crumbIssuer: unknown };
    expect(jenkins.crumbIssuer).toBe('standard');
    expect(known(`jenkins.crumbIssuer.${jenkins.crumbIssuer as string}`)).toBe(true);
  });

  it('checked every key in the pinned and in the newest version of the component it comes from', () => {
    for (const [path, attribute] of Object.entries(catalogue.attributes)) {
      const component = catalogue.components[attribute.component];
      expect(component, `${path}: component ${attribute.component}`).toBeDefined();
      expect(attribute.checkedIn, path).toEqual([component!.pinned, component!.newest]);
      expect(attribute.evidence, path).toMatch(/ in \S+\.java$/);
    }
  });

  it('records as pinned the versions that casc/plugins.txt and the Jenkins chart really pin', () => {
    for (const [name, component] of Object.entries(catalogue.components)) {
      if (component.pinnedBy !== 'casc/plugins.txt') continue;
      expect(pinnedPlugins.get(name), name).toBe(component.pinned);
    }
    // Every pinned plugin that a key comes from is recorded with that pin.
    for (const { component } of Object.values(catalogue.attributes)) {
      if (pinnedPlugins.has(component)) expect(catalogue.components[component]!.pinnedBy, component).toBe('casc/plugins.txt');
    }
    const stack = parse(readFileSync(`${ROOT}helm/pipewright-stack/Chart.yaml`, 'utf8')) as { dependencies: { name: string; version: string }[] };
    expect(stack.dependencies.find((d) => d.name === 'jenkins')?.version).toBe(catalogue.components['jenkins-core']!.chart);
  });

  it('takes every secret from an environment placeholder, never a literal', () => {
    const secretKeys = /(^|\.)(password|secret|token)$/i;
    for (const file of cascFiles) {
      for (const [path, value] of strings(load(file))) {
        if (secretKeys.test(path)) expect(value, `${file} ${path}`).toMatch(/^\$\{[A-Z][A-Z0-9_]*\}$/);
      }
    }
  });

  it('is generated from resources/pod-templates and up to date', () => {
    expect(readFileSync(`${CASC}kubernetes-cloud.yaml`, 'utf8')).toBe(renderKubernetesCloud(`${ROOT}resources`));
  });

  it('carries pod templates equal to the ones in resources/', () => {
    const cloud = (load('kubernetes-cloud.yaml').jenkins as { clouds: { kubernetes: { templates: { name: string; yaml: string }[] } }[] }).clouds[0]!.kubernetes;
    const sources = readPodTemplates(`${ROOT}resources`);
    expect(cloud.templates.map((t) => t.name).sort()).toEqual([...sources.keys()].sort());
    for (const t of cloud.templates) expect(parse(t.yaml.replace(/\^\$\{/g, '${'))).toEqual(parse(sources.get(t.name)!));
    // jnlp + one tools container each for node, maven, go, python, kaniko, kubectl/helm
    expect([...sources.keys()].sort()).toEqual(['base', 'go', 'kaniko', 'kubectl', 'maven', 'node', 'python']);
  });

  it('gives every container requests and limits, the same UID, and root only to kaniko', () => {
    for (const [name, yaml] of readPodTemplates(`${ROOT}resources`)) {
      const pod = parse(yaml) as { spec: { containers: { name: string; resources: { requests: object; limits: object }; securityContext?: { runAsUser?: number } }[] } };
      for (const c of pod.spec.containers) {
        expect(Object.keys(c.resources.requests).sort(), `${name}/${c.name}`).toEqual(['cpu', 'memory']);
        expect(Object.keys(c.resources.limits).sort(), `${name}/${c.name}`).toEqual(['cpu', 'memory']);
        expect(c.securityContext?.runAsUser, `${name}/${c.name}`).toBe(c.name === 'kaniko' ? 0 : undefined);
      }
    }
    const base = parse(readPodTemplates(`${ROOT}resources`).get('base')!) as { spec: { securityContext: { runAsUser: number; runAsNonRoot: boolean } } };
    expect(base.spec.securityContext).toMatchObject({ runAsUser: 1000, runAsNonRoot: true });
  });

  it('escapes ${ as ^${ so JCasC does not interpolate text it copies', () => {
    expect(escapeForJcasc('echo ${HOME} and $X and ${A}')).toBe('echo ^${HOME} and $X and ^${A}');
    const generated = readFileSync(`${CASC}kubernetes-cloud.yaml`, 'utf8');
    const templates = [...readPodTemplates(`${ROOT}resources`).values()].join('\n');
    // Placeholders are only the cloud's own settings; nothing from the pod YAML is interpolated.
    expect(generated.match(/(?<!\^)\$\{[A-Z_]+\}/g)?.sort()).toEqual(['${PIPEWRIGHT_AGENT_CAP}', '${PIPEWRIGHT_AGENT_NAMESPACE}', '${PIPEWRIGHT_JENKINS_INTERNAL_URL}']);
    expect(templates.includes('${')).toBe(false);
  });

  it('defines the same roles as the service', () => {
    const roles = (load('jenkins.yaml').jenkins as { authorizationStrategy: { roleBased: { roles: { global: { name: string }[] } } } }).authorizationStrategy.roleBased.roles.global.map((r) => r.name);
    expect(roles.sort()).toEqual([...ROLES].sort());
  });

  it('pins every plugin to a version, including the ones pipewright needs', () => {
    const lines = readFileSync(`${CASC}plugins.txt`, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    for (const line of lines) expect(line).toMatch(/^[a-z0-9-]+:[0-9][\w.-]*$/);
    const names = lines.map((l) => l.split(':')[0]);
    for (const required of ['kubernetes', 'configuration-as-code', 'workflow-aggregator', 'pipeline-model-definition', 'git', 'github', 'credentials-binding', 'pipeline-graph-view', 'pipeline-stage-view', 'role-strategy', 'junit', 'timestamper']) {
      expect(names).toContain(required);
    }
  });

  it('has a pod template for every agent the built-in templates ask for', () => {
    const names = new Set(readPodTemplates(`${ROOT}resources`).keys());
    for (const template of BUILT_IN_TEMPLATES) {
      for (const language of ['node', 'maven', 'go', 'python'] as const) {
        const jenkinsfile = renderPipeline(template.create({ name: 'agents', language }));
        const inherit = /inheritFrom '([^']+)'/.exec(jenkinsfile)![1]!;
        for (const name of inherit.split(' ')) expect(names, `${template.name}/${language}: ${name}`).toContain(name);
        for (const container of jenkinsfile.matchAll(/container\('([^']+)'\)/g)) expect(names).toContain(container[1]);
      }
    }
  });
});
