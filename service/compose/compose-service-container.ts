import type { V1Container, V1EnvVar, V1HostAlias, V1Probe, V1VolumeMount } from '@kubernetes/client-node';
import type { ComposeProblem } from './compose-errors.js';
import { durationSeconds, memoryQuantity, splitCommand } from './compose-durations.js';
import { parseEnvFile } from './env-file.js';
import { ownEntry } from '../../src/index.js';

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

/** Volumes a service mounts; the pod turns each into one emptyDir. */
export interface ServiceVolume {
  volume: string;
  medium?: 'Memory';
}

export interface ConvertedService {
  container: V1Container;
  aliases: string[];
  extraHosts: V1HostAlias[];
  ports: { port: number; protocol: string; path: string }[];
  volumes: ServiceVolume[];
  healthProbe?: V1Probe & { startupFailureThreshold: number };
  dependsOn: { service: string; condition: DependencyCondition; path: string }[];
  restart?: string;
}

/** Service keys a pod can express; anything else is reported, never dropped. */
const SUPPORTED = new Set([
  'image',
  'command',
  'entrypoint',
  'environment',
  'env_file',
  'depends_on',
  'healthcheck',
  'ports',
  'expose',
  'volumes',
  'working_dir',
  'user',
  'container_name',
  'hostname',
  'networks',
  'restart',
  'mem_limit',
  'cpus',
  'extra_hosts',
  'tty',
  'stdin_open',
]);

const WHY_NOT: Record<string, string> = {
  build:
    'a test pod runs images and cannot build one: build and push it in the pipeline (buildImage), then set image:',
  privileged: 'a test pod does not run privileged containers',
  network_mode: 'the containers of a pod share one network; network_mode cannot be set per service',
  pid: 'a test pod does not share the host PID namespace',
  ipc: 'a test pod does not share the host IPC namespace',
  devices: 'a test pod does not mount host devices',
  cap_add: 'a test pod does not add Linux capabilities',
  secrets:
    'compose secrets are files on the host; give the case its secrets through env or Kubernetes Secrets',
  configs: 'compose configs are files on the host; put the content in an image or an env file of the case',
  deploy: 'deploy: is for swarm; use mem_limit and cpus for resources',
  labels: 'containers of a pod have no labels',
  scale: 'a test pod runs one container per service',
};

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function listOrDict(value: unknown): [string, string | undefined][] {
  if (Array.isArray(value))
    return value.map((item: string) => {
      const at = item.indexOf('=');
      return at < 0 ? [item, undefined] : [item.slice(0, at), item.slice(at + 1)];
    });
  return Object.entries((value ?? {}) as Record<string, unknown>).map(([k, v]) => [
    k,
    v === null || v === undefined ? undefined : String(v),
  ]);
}

function command(value: unknown, path: string, problems: ComposeProblem[]): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String);
  const words = splitCommand(String(value));
  if (!words) problems.push({ path, message: `unbalanced quotes in ${JSON.stringify(value)}` });
  return words;
}

function healthProbe(
  value: Record<string, unknown>,
  path: string,
  problems: ComposeProblem[],
): ConvertedService['healthProbe'] {
  if (value.disable === true) return undefined;
  const test = value.test;
  let exec: string[];
  if (typeof test === 'string') exec = ['/bin/sh', '-c', test];
  else if (Array.isArray(test) && test[0] === 'NONE') return undefined;
  else if (Array.isArray(test) && test[0] === 'CMD') exec = test.slice(1).map(String);
  else if (Array.isArray(test) && test[0] === 'CMD-SHELL') exec = ['/bin/sh', '-c', test.slice(1).join(' ')];
  else {
    problems.push({
      path: `${path}.test`,
      message: 'a healthcheck test must be a string or start with CMD, CMD-SHELL or NONE',
    });
    return undefined;
  }
  const seconds = (key: string, fallback: number): number => {
    const raw = value[key];
    if (raw === undefined) return fallback;
    const parsed = durationSeconds(String(raw));
    if (parsed === undefined)
      problems.push({ path: `${path}.${key}`, message: `not a duration: ${JSON.stringify(raw)}` });
    return Math.max(1, parsed ?? fallback);
  };
  // Compose's defaults: interval 30s, timeout 30s, retries 3, start_period 0.
  const interval = seconds('interval', 30);
  const timeout = seconds('timeout', 30);
  const startPeriod = value.start_period === undefined ? 0 : seconds('start_period', 0);
  const startInterval = seconds('start_interval', interval);
  const retries = typeof value.retries === 'number' ? Math.max(1, value.retries) : 3;
  return {
    exec: { command: exec },
    periodSeconds: interval,
    timeoutSeconds: timeout,
    failureThreshold: retries,
    // Compose ignores failures during start_period; a startup probe allows that many more tries.
    startupFailureThreshold: retries + Math.ceil(startPeriod / startInterval),
  };
}

function ports(
  name: string,
  service: Record<string, unknown>,
  problems: ComposeProblem[],
): ConvertedService['ports'] {
  const out: ConvertedService['ports'] = [];
  ((service.ports as unknown[]) ?? []).forEach((entry, i) => {
    const path = `services.${name}.ports[${i}]`;
    let target: string | undefined;
    let published: string | undefined;
    let protocol = 'TCP';
    if (typeof entry === 'object' && entry !== null) {
      const o = entry as Record<string, unknown>;
      target = String(o.target);
      published = o.published === undefined ? undefined : String(o.published);
      protocol = String(o.protocol ?? 'tcp').toUpperCase();
    } else {
      const [spec, proto] = String(entry).split('/');
      protocol = (proto ?? 'tcp').toUpperCase();
      const parts = spec!.split(':');
      target = parts.pop();
      published = parts.pop();
    }
    if (!/^\d+$/.test(target ?? '')) {
      problems.push({
        path,
        message: `port ranges and variable ports cannot be containers' ports: ${JSON.stringify(entry)}`,
      });
      return;
    }
    if (published !== undefined && published !== '' && published !== target) {
      problems.push({
        path,
        message: `${JSON.stringify(entry)} publishes ${target} as ${published}; inside a pod services reach each other on ${target} only, so remapping cannot be expressed`,
      });
      return;
    }
    out.push({ port: Number(target), protocol, path });
  });
  ((service.expose as unknown[]) ?? []).forEach((entry, i) => {
    const [port, proto] = String(entry).split('/');
    if (!/^\d+$/.test(port!))
      problems.push({
        path: `services.${name}.expose[${i}]`,
        message: `not a single port: ${JSON.stringify(entry)}`,
      });
    else
      out.push({
        port: Number(port),
        protocol: (proto ?? 'tcp').toUpperCase(),
        path: `services.${name}.expose[${i}]`,
      });
  });
  return out;
}

function volumes(
  name: string,
  service: Record<string, unknown>,
  problems: ComposeProblem[],
): { mounts: V1VolumeMount[]; volumes: ServiceVolume[] } {
  const mounts: V1VolumeMount[] = [];
  const used: ServiceVolume[] = [];
  ((service.volumes as unknown[]) ?? []).forEach((entry, i) => {
    const path = `services.${name}.volumes[${i}]`;
    let type: string,
      source: string | undefined,
      target: string,
      readOnly = false;
    if (typeof entry === 'object' && entry !== null) {
      const o = entry as Record<string, unknown>;
      type = String(o.type);
      source = o.source === undefined ? undefined : String(o.source);
      target = String(o.target);
      readOnly = o.read_only === true;
    } else {
      const parts = String(entry).split(':');
      if (parts.length === 1) [target, source] = [parts[0]!, undefined];
      else [source, target] = [parts[0]!, parts[1]!];
      readOnly = parts[2]?.split(',').includes('ro') ?? false;
      type = source === undefined ? 'volume' : /^[./~]/.test(source) ? 'bind' : 'volume';
    }
    if (type === 'bind') {
      problems.push({
        path,
        message: `host path ${JSON.stringify(source)} cannot be mounted into a test pod; use a named volume or bake the files into the image`,
      });
      return;
    }
    if (type !== 'volume' && type !== 'tmpfs') {
      problems.push({
        path,
        message: `volume type ${type} is not supported in a test pod (volume and tmpfs are)`,
      });
      return;
    }
    const raw =
      type === 'tmpfs' ? `tmpfs-${name}-${i}` : source === undefined ? `anon-${name}-${i}` : `vol-${source}`;
    // Pod volume names are DNS labels; compose allows dots and underscores.
    const volume = raw
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-')
      .slice(0, 63)
      .replace(/-+$/, '');
    used.push(type === 'tmpfs' ? { volume, medium: 'Memory' } : { volume });
    mounts.push({ name: volume, mountPath: target, ...(readOnly ? { readOnly } : {}) });
  });
  return { mounts, volumes: used };
}

function user(value: unknown, path: string, problems: ComposeProblem[]): V1Container['securityContext'] {
  if (value === undefined) return undefined;
  const match = /^(\d+)(?::(\d+))?$/.exec(String(value));
  if (!match) {
    problems.push({
      path,
      message: `user ${JSON.stringify(value)} must be numeric (uid or uid:gid): a pod cannot look names up in the image`,
    });
    return undefined;
  }
  return { runAsUser: Number(match[1]), ...(match[2] ? { runAsGroup: Number(match[2]) } : {}) };
}

/** Converts one compose service into a container; problems go to `problems`, the caller throws once. */
export function convertService(
  name: string,
  service: Record<string, unknown>,
  files: Map<string, string>,
  variables: Record<string, string>,
  problems: ComposeProblem[],
): ConvertedService {
  const at = `services.${name}`;
  if (!NAME.test(name) || name.length > 63)
    problems.push({
      path: at,
      message: `service name ${JSON.stringify(name)} is not a valid container name (lower-case letters, digits and -)`,
    });
  for (const key of Object.keys(service)) {
    if (key.startsWith('x-') || SUPPORTED.has(key)) continue;
    problems.push({
      path: `${at}.${key}`,
      message: ownEntry(WHY_NOT, key) ?? `${key} is not supported in a test pod`,
    });
  }
  if (service.image === undefined)
    problems.push({
      path: `${at}.image`,
      message: 'every service needs image: (a test pod cannot build one)',
    });

  const env = new Map<string, string>();
  const envFiles =
    service.env_file === undefined
      ? []
      : Array.isArray(service.env_file)
        ? service.env_file
        : [service.env_file];
  envFiles.forEach((entry: unknown, i) => {
    const spec =
      typeof entry === 'string'
        ? { path: entry, required: true }
        : (entry as { path: string; required?: boolean });
    const file = spec.path.replace(/^\.\//, '');
    const text = files.get(file);
    if (text === undefined) {
      if (spec.required !== false)
        problems.push({
          path: `${at}.env_file[${i}]`,
          message: `env file ${JSON.stringify(spec.path)} is not among the case's files (${[...files.keys()].join(', ')})`,
        });
      return;
    }
    for (const [k, v] of Object.entries(parseEnvFile(text, file, problems))) env.set(k, v);
  });
  for (const [key, value] of listOrDict(service.environment)) {
    if (value !== undefined) env.set(key, value);
    else if (ownEntry(variables, key) !== undefined) env.set(key, ownEntry(variables, key)!);
    else
      problems.push({
        path: `${at}.environment.${key}`,
        message: `${key} takes its value from the host, which a pod does not have; give it in the case's variables`,
      });
  }

  const { mounts, volumes: used } = volumes(name, service, problems);
  const aliases = [name];
  if (typeof service.container_name === 'string') aliases.push(service.container_name);
  if (typeof service.hostname === 'string') aliases.push(service.hostname);
  if (service.networks && !Array.isArray(service.networks))
    for (const net of Object.values(service.networks as Record<string, { aliases?: string[] } | null>))
      aliases.push(...(net?.aliases ?? []));

  const extraHosts: V1HostAlias[] = listOrDict(
    Array.isArray(service.extra_hosts)
      ? (service.extra_hosts as string[]).map((h) => h.replace(/[:=]/, '='))
      : service.extra_hosts,
  ).map(([host, ip]) => ({ ip: ip ?? '', hostnames: [host] }));

  const cpus = service.cpus === undefined ? undefined : Number(service.cpus);
  const memory = service.mem_limit === undefined ? undefined : memoryQuantity(service.mem_limit as string);
  if (service.mem_limit !== undefined && memory === undefined)
    problems.push({ path: `${at}.mem_limit`, message: `not a size: ${JSON.stringify(service.mem_limit)}` });
  const limits: Record<string, string> = {};
  if (cpus !== undefined && Number.isFinite(cpus)) limits.cpu = `${Math.ceil(cpus * 1000)}m`;
  if (memory) limits.memory = memory;

  const dependsOn: ConvertedService['dependsOn'] = [];
  if (Array.isArray(service.depends_on))
    (service.depends_on as string[]).forEach((d) =>
      dependsOn.push({ service: d, condition: 'service_started', path: `${at}.depends_on` }),
    );
  else
    for (const [d, spec] of Object.entries(
      (service.depends_on ?? {}) as Record<string, { condition?: DependencyCondition }>,
    ))
      dependsOn.push({
        service: d,
        condition: spec.condition ?? 'service_started',
        path: `${at}.depends_on.${d}`,
      });

  const converted = ports(name, service, problems);
  const container: V1Container = {
    name,
    image: service.image === undefined ? '' : String(service.image),
    ...(command(service.entrypoint, `${at}.entrypoint`, problems)
      ? { command: command(service.entrypoint, `${at}.entrypoint`, []) }
      : {}),
    ...(command(service.command, `${at}.command`, problems)
      ? { args: command(service.command, `${at}.command`, []) }
      : {}),
    ...(env.size > 0 ? { env: [...env].map(([n, value]): V1EnvVar => ({ name: n, value })) } : {}),
    ...(typeof service.working_dir === 'string' ? { workingDir: service.working_dir } : {}),
    ...(converted.length > 0
      ? { ports: converted.map((p) => ({ containerPort: p.port, protocol: p.protocol })) }
      : {}),
    ...(Object.keys(limits).length > 0 ? { resources: { limits } } : {}),
    ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
    ...(user(service.user, `${at}.user`, problems)
      ? { securityContext: user(service.user, `${at}.user`, []) }
      : {}),
    ...(service.tty === true ? { tty: true } : {}),
    ...(service.stdin_open === true ? { stdin: true } : {}),
  };
  return {
    container,
    aliases,
    extraHosts,
    ports: converted,
    volumes: used,
    healthProbe: service.healthcheck
      ? healthProbe(service.healthcheck as Record<string, unknown>, `${at}.healthcheck`, problems)
      : undefined,
    dependsOn,
    restart: service.restart === undefined ? undefined : String(service.restart),
  };
}
