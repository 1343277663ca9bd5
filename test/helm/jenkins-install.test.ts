import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = new URL('../../', import.meta.url).pathname;
const read = (path: string) => readFileSync(`${ROOT}${path}`, 'utf8');

interface ChartDefaults {
  version: string;
  appVersion: string;
  source: string;
  commit: string;
  controllerImage: { tag: string };
  installPlugins: string[];
}

/** Everything that names the Jenkins install, as the repository holds it. */
interface Install {
  defaults: ChartDefaults;
  pluginsTxt: string[];
  stackChartVersion: string | undefined;
  stackImageTag: string | undefined;
  stackPlugins: string[];
  docs: string;
  catalogueCore: { pinned: string; chart: string };
}

function readInstall(): Install {
  const chart = parse(read('helm/pipewright-stack/Chart.yaml')) as { dependencies: { name: string; version: string }[] };
  const values = parse(read('helm/pipewright-stack/values.yaml')) as {
    jenkins: { controller: { image?: { tag?: string }; installPlugins: string[] } };
  };
  const catalogue = JSON.parse(read('casc/attribute-catalogue.json')) as {
    components: Record<string, { pinned: string; chart: string }>;
  };
  return {
    defaults: JSON.parse(read('helm/jenkins-chart-defaults.json')) as ChartDefaults,
    pluginsTxt: read('casc/plugins.txt')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
    stackChartVersion: chart.dependencies.find((d) => d.name === 'jenkins')?.version,
    stackImageTag: values.jenkins.controller.image?.tag,
    stackPlugins: values.jenkins.controller.installPlugins,
    docs: read('docs/jenkins-upgrades.md'),
    catalogueCore: catalogue.components['jenkins-core']!,
  };
}

/** The leading numeric fields of a plugin version: `4423.vb_59f…` -> [4423], `2.2255.v…` -> [2, 2255]. */
function numericFields(version: string): number[] {
  const fields: number[] = [];
  for (const part of version.split('.')) {
    if (!/^\d+$/.test(part)) break;
    fields.push(Number(part));
  }
  return fields;
}

/** <0, 0 or >0; versions whose numeric fields tie but differ otherwise are different releases (NaN). */
function compareVersions(a: string, b: string): number {
  const x = numericFields(a);
  const y = numericFields(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return a === b ? 0 : NaN;
}

const pins = (lines: string[]) => new Map(lines.map((l) => l.split(':') as [string, string]));

/** Every way the install is out of step, one line each. */
function installProblems(i: Install): string[] {
  const problems: string[] = [];
  const d = i.defaults;
  if (!d.source.includes(d.commit)) problems.push(`chart defaults: source ${d.source} is not at commit ${d.commit}`);
  if (i.stackChartVersion !== d.version)
    problems.push(`helm/pipewright-stack pins jenkins chart ${i.stackChartVersion}, the defaults are of ${d.version}`);
  if (i.stackImageTag !== d.controllerImage.tag)
    problems.push(`helm/pipewright-stack controller.image.tag is ${i.stackImageTag}, the chart's Jenkins is ${d.controllerImage.tag}`);
  if (i.catalogueCore.pinned !== d.appVersion || i.catalogueCore.chart !== d.version)
    problems.push(`casc/attribute-catalogue.json records Jenkins ${i.catalogueCore.pinned} from chart ${i.catalogueCore.chart}`);
  const pinned = /^Pinned: Jenkins `([^`]+)`, chart `jenkins ([^`]+)` \(image `jenkins\/jenkins:([^`]+)`\)/m.exec(i.docs);
  if (!pinned) problems.push('docs/jenkins-upgrades.md has no "Pinned: Jenkins `x`, chart `jenkins y` (image ...)" line');
  else if (pinned[1] !== d.appVersion || pinned[2] !== d.version || pinned[3] !== d.controllerImage.tag)
    problems.push(`docs/jenkins-upgrades.md names Jenkins ${pinned[1]}, chart ${pinned[2]}, image ${pinned[3]}`);
  const documented = [...i.docs.matchAll(/^\| `([a-z0-9-]+)` \| `([^`]+)` \|/gm)].map((m) => `${m[1]}:${m[2]}`);
  if (documented.join('\n') !== i.pluginsTxt.join('\n'))
    problems.push(`docs/jenkins-upgrades.md lists plugins ${documented.join(', ')}; casc/plugins.txt pins ${i.pluginsTxt.join(', ')}`);
  if (i.stackPlugins.join('\n') !== i.pluginsTxt.join('\n'))
    problems.push('helm/pipewright-stack installPlugins differ from casc/plugins.txt');
  const ours = pins(i.pluginsTxt);
  for (const [name, chartDefault] of pins(d.installPlugins)) {
    const pin = ours.get(name);
    if (pin === undefined) problems.push(`casc/plugins.txt does not pin ${name}, which the chart installs (${chartDefault})`);
    else if (!(compareVersions(pin, chartDefault) >= 0))
      problems.push(`casc/plugins.txt pins ${name}:${pin}, older than the chart's default ${chartDefault}`);
  }
  return problems;
}

describe('the Jenkins install is one coherent set of versions', () => {
  it('pins the chart, its Jenkins and plugins no older than its defaults, everywhere alike', () => {
    expect(installProblems(readInstall())).toEqual([]);
  });

  it('orders plugin versions by their numeric fields', () => {
    expect(compareVersions('4423.vb_59f230b_ce53', '4324.vfec199a_33512')).toBeGreaterThan(0);
    expect(compareVersions('5.7.0', '5.10.0')).toBeLessThan(0);
    expect(compareVersions('2.2277.v00573e73ddf1', '2.2255.v56a_15e805f12')).toBeGreaterThan(0);
    expect(compareVersions('1.28', '1.28')).toBe(0);
    expect(compareVersions('1.28.1', '1.28')).toBeGreaterThan(0);
    expect(compareVersions('608.v67378e9d3db_1', '608.vffffffffffff')).toBeNaN();
  });

  it('fails for each way the pieces can drift apart', () => {
    const base = readInstall();
    const older = (lines: string[]) => lines.map((l) => (l.startsWith('git:') ? 'git:5.7.0' : l));
    const drifts: [string, Install, RegExp][] = [
      ['a plugin older than the chart', { ...base, pluginsTxt: older(base.pluginsTxt), stackPlugins: older(base.stackPlugins) }, /pins git:5\.7\.0, older/],
      ['a chart default not pinned', { ...base, pluginsTxt: base.pluginsTxt.filter((l) => !l.startsWith('kubernetes:')) }, /does not pin kubernetes/],
      ['another chart version', { ...base, stackChartVersion: '5.8.x' }, /pins jenkins chart 5\.8\.x/],
      ['another Jenkins image', { ...base, stackImageTag: '2.528.3-jdk21' }, /controller\.image\.tag is 2\.528\.3/],
      ['docs naming another Jenkins', { ...base, docs: base.docs.replace('Jenkins `2.541.2`', 'Jenkins `2.528.3`') }, /names Jenkins 2\.528\.3/],
      ['docs listing another plugin version', { ...base, docs: base.docs.replace('`1.43.0`', '`1.44.0`') }, /lists plugins/],
      ['stack plugins unlike casc', { ...base, stackPlugins: base.stackPlugins.slice(1) }, /installPlugins differ/],
    ];
    for (const [what, install, message] of drifts) expect(installProblems(install).join('\n'), what).toMatch(message);
  });
});
