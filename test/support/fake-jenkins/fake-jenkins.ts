import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PipelineModel } from '../../../src/index.js';
import { FakeEngine } from './engine.js';
import { inputRoutes } from './input-routes.js';
import { jobRoutes } from './job-routes.js';
import { logRoutes } from './log-routes.js';
import { queueRoutes } from './queue-routes.js';
import type { FakeBuild, FakeJob, FakeQueueItem } from './state.js';
import { wfapiRoutes } from './wfapi-routes.js';

export const FAKE_USER = 'pipewright-svc';
export const FAKE_TOKEN = '11aa22bb33cc44dd55ee66ff77889900aa';

/** What a route sees of a request: the job it names (`/job/a/job/b/...`) and the path after it. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  jobPath: string[];
  rest: string;
  body: Buffer;
  user: string;
}

export interface Route {
  method: 'GET' | 'POST' | 'HEAD';
  /** Matched against the path after the job part. */
  path: RegExp;
  /** For the call counter: what kind of call this is. */
  kind: string;
  handle(fake: FakeJenkins, ctx: RouteContext, match: RegExpExecArray): void;
}

const ROUTES: Route[] = [...jobRoutes, ...queueRoutes, ...wfapiRoutes, ...inputRoutes, ...logRoutes];

export interface FakeJenkinsOptions {
  /** Minute length for stage timeouts in the builds it runs. @default 60000 */
  minuteMs?: number;
  /** Extra users (username -> API token) besides the service's, e.g. a person answering an input. */
  users?: Record<string, string>;
}

/**
 * An in-process Jenkins for tests and the benchmark, answering in the shapes Jenkins documents
 * (each route file names its source). Strict as Jenkins is: basic auth with an API token or
 * 401/403, POST where Jenkins wants POST, XML content types and well-formed XML for job
 * configs, undeclared build parameters dropped. It counts every call by kind, and can be made
 * unreachable or answer 503, like a Jenkins that is down or restarting.
 */
export class FakeJenkins {
  readonly folders = new Set<string>();
  readonly jobs = new Map<string, FakeJob>();
  readonly queue = new Map<number, FakeQueueItem>();
  readonly calls: { kind: string; method: string; path: string; status: number }[] = [];
  readonly engine: FakeEngine;
  /** Scripts the fake can run (Jenkins would compile them), by their exact text. */
  readonly scripts = new Map<string, PipelineModel>();
  /** 'down': connections are reset; '503': every call answers 503. */
  fault: null | 'down' | '503' = null;
  /** Demand a crumb on POSTs (Jenkins does for session logins, not for API tokens). */
  demandCrumb = false;
  /** Triggers that are queued but whose answer is lost (the connection drops), like a timeout. */
  loseTriggerAnswers = 0;
  /** Keep queued items waiting instead of starting their builds. */
  holdQueue = false;
  /** How long a left queue item is remembered. Jenkins: about five minutes. */
  leftItemTtlMs = 300_000;
  nextQueueId = 1;
  private readonly server: Server;
  private readonly users: Record<string, string>;

  constructor(options: FakeJenkinsOptions = {}) {
    this.engine = new FakeEngine(options.minuteMs ?? 60_000);
    this.users = { [FAKE_USER]: FAKE_TOKEN, ...options.users };
    this.server = createServer((req, res) => this.serve(req, res));
  }

  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
    await this.engine.close();
  }

  count(kind?: string): number {
    return kind ? this.calls.filter((c) => c.kind === kind).length : this.calls.length;
  }

  job(folder: string, name: string): FakeJob | undefined {
    return this.jobs.get(`${folder}/${name}`);
  }

  build(folder: string, name: string, number: number): FakeBuild | undefined {
    return this.job(folder, name)?.builds.get(number);
  }

  /** Removes a build as Jenkins' "Delete build" does: its work stops and its URLs answer 404. */
  deleteBuild(folder: string, name: string, number: number): void {
    const build = this.build(folder, name, number);
    if (!build) throw new Error(`no build ${folder}/${name}#${number}`);
    if (build.building) this.engine.stop(build);
    build.job.builds.delete(number);
  }

  /** Cancels a waiting queue item as a Jenkins user would in the UI. */
  cancelQueued(id: number): void {
    const item = this.queue.get(id);
    if (!item || item.leftAt !== null) throw new Error(`queue item ${id} is not waiting`);
    item.cancelled = true;
    item.leftAt = Date.now();
  }

  /** Starts the build of a waiting item (the queue is held or the item was just made). */
  dispatch(item: FakeQueueItem): FakeBuild {
    const job = item.job;
    const number = job.nextBuildNumber++;
    const runId = item.parameters.PIPEWRIGHT_RUN_ID ?? '';
    const taken = [...this.jobs.values()].some((j) =>
      [...j.builds.values()].some((b) => b.engineId === runId && b.building),
    );
    const build: FakeBuild = {
      number,
      job,
      parameters: item.parameters,
      queueId: item.id,
      engineId: runId && !taken ? runId : `${runId}#${job.folder}/${job.name}#${number}`,
      building: true,
      status: 'IN_PROGRESS',
      startTimeMillis: Date.now(),
      endTimeMillis: 0,
      stages: [],
      log: Buffer.alloc(0),
      inputs: [],
      model: this.scripts.get(job.script) ?? null,
    };
    job.builds.set(number, build);
    item.executable = {
      number,
      url: `${this.url}job/${encodeURIComponent(job.folder)}/job/${encodeURIComponent(job.name)}/${number}/`,
    };
    item.leftAt = Date.now();
    this.engine.run(build, build.model ?? undefined);
    return build;
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    if (this.fault === 'down') {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', this.url);
      const record = (kind: string) =>
        this.calls.push({ kind, method: req.method ?? '', path: url.pathname, status: res.statusCode });
      if (this.fault === '503') {
        record('fault');
        return text(res, 503, 'Jenkins is going to shut down');
      }
      const user = this.authenticate(req);
      if (typeof user !== 'string') {
        record('auth');
        return text(res, user.status, user.message);
      }
      const { jobPath, rest } = splitJobPath(url.pathname);
      const method = req.method === 'HEAD' ? 'HEAD' : req.method;
      for (const route of ROUTES) {
        const match = route.path.exec(rest);
        if (!match || (route.method !== method && !(route.method === 'GET' && method === 'HEAD'))) continue;
        if (method === 'POST' && this.demandCrumb && req.headers['jenkins-crumb'] !== 'fake-crumb') {
          record(route.kind);
          return text(res, 403, 'No valid crumb was included in the request');
        }
        res.on('finish', () => record(route.kind));
        try {
          route.handle(this, { req, res, url, jobPath, rest, body: Buffer.concat(chunks), user }, match);
        } catch (error) {
          text(res, 500, String(error));
        }
        return;
      }
      if (rest === 'crumbIssuer/api/json' && method === 'GET') {
        record('crumb');
        return json(res, 200, {
          _class: 'hudson.security.csrf.DefaultCrumbIssuer',
          crumb: 'fake-crumb',
          crumbRequestField: 'Jenkins-Crumb',
        });
      }
      record('unknown');
      // Stapler answers 405 to a GET of a POST-only action and 404 to what it cannot bind.
      const postOnly = ROUTES.some((r) => r.method === 'POST' && r.path.test(rest));
      text(res, postOnly ? 405 : 404, postOnly ? 'This URL requires POST' : 'Not Found');
    });
  }

  private authenticate(req: IncomingMessage): string | { status: number; message: string } {
    const header = req.headers.authorization;
    if (!header) return { status: 403, message: 'Authentication required' };
    const [scheme, encoded] = header.split(' ');
    const decoded = scheme === 'Basic' && encoded ? Buffer.from(encoded, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const user = decoded.slice(0, colon);
    if (colon < 0 || this.users[user] === undefined || this.users[user] !== decoded.slice(colon + 1))
      return { status: 401, message: 'Invalid password/token for user: ' + user };
    return user;
  }
}

/** `/job/a/job/b/12/wfapi/describe` -> (['a', 'b'], '12/wfapi/describe'). */
function splitJobPath(pathname: string): { jobPath: string[]; rest: string } {
  const parts = pathname.split('/').filter(Boolean);
  const jobPath: string[] = [];
  let i = 0;
  while (parts[i] === 'job' && parts[i + 1] !== undefined) {
    jobPath.push(decodeURIComponent(parts[i + 1]!));
    i += 2;
  }
  return { jobPath, rest: parts.slice(i).join('/') };
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
  res.end(JSON.stringify(body));
}

export function text(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'text/plain;charset=utf-8', ...headers });
  res.end(body);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location });
  res.end();
}
