import type { JenkinsEndpoint } from '../metrics/jenkins-metrics.js';
import { createRequire } from 'node:module';
import { errorForStatus, JenkinsError, jenkinsUnavailable } from './jenkins-errors.js';
import type { PendingInputAction, QueueItem, RunDescription } from './jenkins-shapes.js';

/** Jenkins answers its own UI within seconds; a call that takes longer counts as unavailable. */
export const JENKINS_CALL_TIMEOUT_MS = 15_000;
/** Builds of a job searched for a run's id before a trigger is repeated. */
const BUILDS_SEARCHED = 50;

const require = createRequire(import.meta.url);
// The npm client is CommonJS without types; only the calls used here are described.
interface JenkinsClient {
  job: {
    create(name: string, xml: string): Promise<void>;
    config(name: string, xml: string): Promise<void>;
    destroy(name: string): Promise<void>;
    exists(name: string): Promise<boolean>;
    build(opts: { name: string; parameters: Record<string, string> }): Promise<number | undefined>;
  };
  queue: { item(n: number): Promise<QueueItem>; cancel(n: number): Promise<void> };
  build: { stop(name: string, n: number): Promise<void> };
}
const Jenkins = require('jenkins') as new (opts: Record<string, unknown>) => JenkinsClient;

export interface JenkinsApiOptions {
  url: string;
  user: string;
  token: string;
  timeoutMs?: number;
  /** Hears every call: what it was for, its HTTP status (undefined: no answer) and its seconds. */
  onCall?: (endpoint: JenkinsEndpoint, status: number | undefined, seconds: number) => void;
}

/** The metrics endpoint a call counts under. */
function endpointOf(call: string): JenkinsEndpoint {
  if (call === 'crumb') return 'crumb';
  if (call === 'trigger') return 'build';
  if (call === 'describe' || call === 'find build' || call === 'pending input') return 'build-status';
  if (call === 'log') return 'console';
  if (call === 'stop') return 'stop';
  if (call.startsWith('input')) return 'input';
  if (call.includes('queue')) return 'queue';
  if (call.includes('job') || call.includes('folder') || call === 'exists') return 'job';
  return 'other';
}

/** A job inside its group's folder. */
export interface JobPath {
  folder: string;
  name: string;
}

export const jobName = (job: JobPath) => `${job.folder}/${job.name}`;
export const jobUrlPath = (job: JobPath) =>
  `job/${encodeURIComponent(job.folder)}/job/${encodeURIComponent(job.name)}/`;

export interface LogChunk {
  text: string;
  /** Where the next read starts (X-Text-Size). */
  next: number;
  /** Jenkins is still writing (X-More-Data). */
  more: boolean;
}

/**
 * The calls the Jenkins executor makes. The `jenkins` npm client does what it covers (jobs,
 * triggers, the queue, stopping builds); plain fetch does the rest (wfapi, input, progressive
 * log, the build search). Authentication is the user's API token in basic auth, which Jenkins
 * exempts from CSRF crumbs; a crumb is fetched only if Jenkins answers 403 asking for one.
 */
export class JenkinsApi {
  private readonly base: string;
  private readonly auth: string;
  private readonly timeoutMs: number;
  private readonly client: JenkinsClient;
  private crumb: { headerName: string; headerValue: string } | null = null;
  private readonly onCall: NonNullable<JenkinsApiOptions['onCall']>;

  constructor(options: JenkinsApiOptions) {
    this.onCall = options.onCall ?? (() => {});
    this.base = options.url.replace(/\/+$/, '') + '/';
    this.auth = 'Basic ' + Buffer.from(`${options.user}:${options.token}`).toString('base64');
    this.timeoutMs = options.timeoutMs ?? JENKINS_CALL_TIMEOUT_MS;
    this.client = new Jenkins({
      baseUrl: this.base.slice(0, -1),
      headers: { authorization: this.auth },
      timeout: this.timeoutMs,
      crumbIssuer: () => Promise.resolve(this.crumb ?? {}),
    });
  }

  /**
   * Creates the group's folder if missing, then creates or updates the job from its XML. A
   * create that loses a race with another writer (Jenkins answers 400) is checked and, for the
   * job, turned into an update.
   */
  async putJob(job: JobPath, folderXml: string, jobXml: string): Promise<'created' | 'updated'> {
    const exists = (name: string) => this.viaClient('exists', () => this.client.job.exists(name));
    if (!(await exists(job.folder)))
      await this.viaClient('create folder', () => this.client.job.create(job.folder, folderXml)).catch(
        async (error: unknown) => {
          if (!(await exists(job.folder))) throw error;
        },
      );
    const name = jobName(job);
    const update = async () => {
      await this.viaClient('update job', () => this.client.job.config(name, jobXml));
      return 'updated' as const;
    };
    if (await exists(name)) return update();
    try {
      await this.viaClient('create job', () => this.client.job.create(name, jobXml));
      return 'created';
    } catch (error) {
      if (await exists(name)) return update();
      throw error;
    }
  }

  async jobConfig(job: JobPath): Promise<string> {
    return (await this.request('job config', `${jobUrlPath(job)}config.xml`)).text();
  }

  async deleteJob(job: JobPath): Promise<void> {
    await this.viaClient('delete job', () => this.client.job.destroy(jobName(job)));
  }

  /** Queues a build with these parameters; resolves with the queue item's id. */
  async trigger(job: JobPath, parameters: Record<string, string>): Promise<number> {
    const id = await this.viaClient('trigger', () =>
      this.client.job.build({ name: jobName(job), parameters }),
    );
    if (typeof id !== 'number' || !Number.isInteger(id))
      throw jenkinsUnavailable('trigger', null, 'Jenkins queued the build without a queue item Location');
    return id;
  }

  queueItem(id: number): Promise<QueueItem> {
    return this.viaClient('queue item', () => this.client.queue.item(id));
  }

  cancelQueueItem(id: number): Promise<void> {
    return this.viaClient('cancel queue item', () => this.client.queue.cancel(id));
  }

  /**
   * The build or queue item that carries this run's id as its PIPEWRIGHT_RUN_ID parameter, so a
   * trigger whose answer was lost is found rather than repeated. One call for the builds and
   * one for the queue.
   */
  async findRun(job: JobPath, runId: string): Promise<{ build: number } | { queueId: number } | null> {
    const carries = (actions: ParameterActions | undefined) =>
      (actions ?? []).some((a) =>
        (a?.parameters ?? []).some((p) => p.name === 'PIPEWRIGHT_RUN_ID' && p.value === runId),
      );
    const tree = `builds[number,actions[parameters[name,value]]]{0,${BUILDS_SEARCHED}}`;
    const builds = (await this.json('find build', `${jobUrlPath(job)}api/json?tree=${tree}`)) as {
      builds?: { number: number; actions?: ParameterActions }[];
    };
    const build = builds.builds?.find((b) => carries(b.actions));
    if (build) return { build: build.number };
    const queue = (await this.json(
      'find queue item',
      'queue/api/json?tree=items[id,actions[parameters[name,value]]]',
    )) as { items?: { id: number; actions?: ParameterActions }[] };
    const item = queue.items?.find((i) => carries(i.actions));
    return item ? { queueId: item.id } : null;
  }

  async describe(job: JobPath, build: number): Promise<RunDescription> {
    return (await this.json('describe', `${jobUrlPath(job)}${build}/wfapi/describe`)) as RunDescription;
  }

  async pendingInputs(job: JobPath, build: number): Promise<PendingInputAction[]> {
    return (await this.json(
      'pending input',
      `${jobUrlPath(job)}${build}/wfapi/pendingInputActions`,
    )) as PendingInputAction[];
  }

  /** Answers a pending input: proceed without parameters, or abort. */
  async answerInput(job: JobPath, build: number, inputId: string, proceed: boolean): Promise<void> {
    const action = proceed ? 'proceedEmpty' : 'abort';
    await this.request(
      `input ${action}`,
      `${jobUrlPath(job)}${build}/input/${encodeURIComponent(inputId)}/${action}`,
      { method: 'POST' },
    );
  }

  async log(job: JobPath, build: number, start: number): Promise<LogChunk> {
    const res = await this.request(
      'log',
      `${jobUrlPath(job)}${build}/logText/progressiveText?start=${start}`,
    );
    const text = await res.text();
    const size = Number(res.headers.get('x-text-size'));
    return {
      text,
      next: Number.isFinite(size) && size >= start ? size : start + Buffer.byteLength(text),
      more: res.headers.get('x-more-data') === 'true',
    };
  }

  stop(job: JobPath, build: number): Promise<void> {
    return this.viaClient('stop', () => this.client.build.stop(jobName(job), build));
  }

  private async json(call: string, path: string): Promise<unknown> {
    const res = await this.request(call, path);
    const type = res.headers.get('content-type') ?? '';
    if (!type.includes('json'))
      throw jenkinsUnavailable(call, res.status, `answered ${type || 'no content type'}`);
    return res.json();
  }

  private async request(call: string, path: string, init: { method?: string } = {}): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      try {
        res = await fetch(this.base + path, {
          method: init.method ?? 'GET',
          headers: {
            authorization: this.auth,
            ...(this.crumb && init.method === 'POST'
              ? { [this.crumb.headerName]: this.crumb.headerValue }
              : {}),
          },
          redirect: 'manual',
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        this.onCall(endpointOf(call), undefined, seconds());
        throw jenkinsUnavailable(call, null, error instanceof Error ? error.message : String(error));
      }
      this.onCall(endpointOf(call), res.status, seconds());
      if (res.status === 403 && attempt === 0 && (await this.wantsCrumb(res.clone()))) continue;
      // Jenkins answers a successful form POST with a redirect to the page it changed.
      if (res.status >= 300 && res.status < 400) return res;
      const failure = errorForStatus(call, res.status, res.ok ? '' : await res.text());
      if (failure) throw failure;
      return res;
    }
  }

  /** A 403 that names the crumb: fetch one, keep it for later POSTs, and say to retry. */
  private async wantsCrumb(res: Response): Promise<boolean> {
    if (!/crumb/i.test(await res.text())) return false;
    const crumb = (await this.json('crumb', 'crumbIssuer/api/json')) as {
      crumbRequestField: string;
      crumb: string;
    };
    this.crumb = { headerName: crumb.crumbRequestField, headerValue: crumb.crumb };
    return true;
  }

  private async viaClient<T>(call: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      try {
        const result = await fn();
        this.onCall(endpointOf(call), 200, seconds());
        return result;
      } catch (error) {
        const status = (error as { res?: { statusCode?: number } }).res?.statusCode;
        const notFound = (error as { notFound?: boolean }).notFound;
        this.onCall(endpointOf(call), status ?? (notFound ? 404 : undefined), seconds());
        const message = error instanceof Error ? error.message : String(error);
        if (status === 403 && attempt === 0 && /crumb/i.test(message + bodyOf(error))) {
          const crumb = (await this.json('crumb', 'crumbIssuer/api/json')) as {
            crumbRequestField: string;
            crumb: string;
          };
          this.crumb = { headerName: crumb.crumbRequestField, headerValue: crumb.crumb };
          continue;
        }
        // The client turns some 404s into its own error without the response.
        if (notFound) throw errorForStatus(call, 404, message)!;
        if (status === undefined) throw jenkinsUnavailable(call, null, message);
        throw (
          errorForStatus(call, status, message) ?? new JenkinsError('JENKINS_REFUSED', call, status, message)
        );
      }
    }
  }
}

type ParameterActions = ({ parameters?: { name: string; value?: unknown }[] } | null)[];

function bodyOf(error: unknown): string {
  const body = (error as { res?: { body?: unknown } }).res?.body;
  return Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
}
