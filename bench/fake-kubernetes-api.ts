import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

/**
 * An in-process Kubernetes API server for the operator's tests and benchmark: the real
 * @kubernetes/client-node talks to it over HTTP on 127.0.0.1. It lives under bench/ because the
 * benchmark needs it too and nothing may import test/.
 *
 * Response shapes follow the Kubernetes API documentation:
 * - list, watch, resourceVersion and 410 Gone: "Kubernetes API Concepts"
 *   (kubernetes.io/docs/reference/using-api/api-concepts/): a list carries metadata.resourceVersion;
 *   a watch streams {"type": ADDED|MODIFIED|DELETED|ERROR, "object": ...} lines, one JSON object per
 *   line; a watch from a version older than the retained history gets an ERROR event whose object
 *   is a Status with code 410 (reason Expired), after which clients relist.
 * - errors: the Status kind of "API Conventions" (github.com/kubernetes/community,
 *   contributors/devel/sig-architecture/api-conventions.md#response-status-kind): 404 NotFound,
 *   409 AlreadyExists on create, 409 Conflict on an update with a stale metadata.resourceVersion
 *   (optimistic concurrency).
 * - the status subresource of custom resources ("Extend the Kubernetes API with
 *   CustomResourceDefinitions", #status-subresource): PUT/PATCH .../status changes only status;
 *   PUT/POST of the main resource ignores status.
 * - GET /version: the version.Info of "Kubernetes API reference" (major, minor, gitVersion).
 * Garbage collection by ownerReferences ("Garbage Collection" concepts page) is done at once on
 * delete, which is what a cluster does eventually.
 */

export interface StoredObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    ownerReferences?: { uid: string }[];
    [k: string]: unknown;
  };
  status?: unknown;
  [k: string]: unknown;
}

interface WatchEvent {
  rv: number;
  collection: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: StoredObject;
}

interface Watcher {
  collection: string;
  selector: string | undefined;
  response: ServerResponse;
}

export interface RecordedRequest {
  method: string;
  path: string;
  watch: boolean;
  user: string;
}

/** Kinds the fake serves, by the resource segment of the path. Custom resources have a status subresource. */
const KINDS: Record<string, { kind: string; statusSubresource: boolean }> = {
  pods: { kind: 'Pod', statusSubresource: true },
  leases: { kind: 'Lease', statusSubresource: false },
  testcases: { kind: 'TestCase', statusSubresource: true },
  testsummaries: { kind: 'TestSummary', statusSubresource: true },
};

// /api/v1/namespaces/NS/pods[/NAME[/status]] and /apis/GROUP/VERSION/namespaces/NS/PLURAL[/NAME[/status]]
const PATH = /^(\/api\/v1|\/apis\/[^/]+\/[^/]+)\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?(?:\/(status))?$/;

function status(code: number, reason: string, message: string, details?: { name: string; kind: string }) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    details,
    code,
  };
}

function matches(object: StoredObject, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [key, value] = term.split('=');
    const labels = object.metadata.labels ?? {};
    return value === undefined ? key! in labels : labels[key!] === value;
  });
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as object) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** A kubeconfig for a fake at `url`; `user` is sent as the bearer token, so requests can be told apart. */
export function kubeConfigFor(url: string, user: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server: url, skipTLSVerify: true }],
    users: [{ name: user, token: user }],
    contexts: [{ name: 'fake', cluster: 'fake', user }],
    currentContext: 'fake',
  });
  return kc;
}

export class FakeKubernetesApi {
  private readonly server: Server;
  private readonly objects = new Map<string, Map<string, StoredObject>>();
  private history: WatchEvent[] = [];
  /** Events at or below this version are gone; a watch from before it gets 410. */
  private compactedThrough = 0;
  private revision = 1;
  private readonly watchers = new Set<Watcher>();
  readonly requests: RecordedRequest[] = [];
  /** Watches answered with 410 Gone, by collection. */
  readonly expiredWatches: string[] = [];
  /** Responses by request, in order: method, path and status code. */
  readonly responses: (RecordedRequest & { code: number })[] = [];
  /** Called before a request is handled; tests use it to change an object behind a client's back. */
  beforeRequest: ((method: string, path: string) => void) | undefined;
  version = { major: '1', minor: '30', gitVersion: 'v1.30.0-fake' };

  private constructor() {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((error: unknown) =>
        this.send(res, 500, status(500, 'InternalError', String(error))),
      );
    });
  }

  static async start(): Promise<FakeKubernetesApi> {
    const api = new FakeKubernetesApi();
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A kubeconfig for this server; `user` is sent as the bearer token, so requests can be told apart. */
  kubeConfig(user = 'operator'): KubeConfig {
    return kubeConfigFor(this.url, user);
  }

  async close(): Promise<void> {
    for (const w of this.watchers) w.response.destroy();
    this.watchers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // --- test controls (what a kubelet, an admin or another client would do) ---

  list(collection: string): StoredObject[] {
    return [...(this.objects.get(collection)?.values() ?? [])];
  }

  count(collection: string): number {
    return this.objects.get(collection)?.size ?? 0;
  }

  get(collection: string, name: string): StoredObject | undefined {
    return this.objects.get(collection)?.get(name);
  }

  create(collection: string, object: StoredObject): StoredObject {
    const stored = this.store(collection, undefined, {
      ...structuredClone(object),
      metadata: {
        ...structuredClone(object.metadata),
        uid: randomUUID(),
        creationTimestamp: new Date().toISOString(),
      },
    });
    return stored;
  }

  /** Sets a pod's (or any object's) status as the kubelet would; bumps resourceVersion. */
  setStatus(collection: string, name: string, newStatus: unknown): StoredObject {
    const current = this.get(collection, name);
    if (!current) throw new Error(`no ${collection}/${name}`);
    return this.store(collection, current, { ...current, status: structuredClone(newStatus) });
  }

  /** Changes an object's labels, as another client would; bumps resourceVersion. */
  label(collection: string, name: string, labels: Record<string, string>): StoredObject {
    const current = this.get(collection, name);
    if (!current) throw new Error(`no ${collection}/${name}`);
    return this.store(collection, current, {
      ...current,
      metadata: { ...current.metadata, labels: { ...current.metadata.labels, ...labels } },
    });
  }

  delete(collection: string, name: string): void {
    const current = this.get(collection, name);
    if (current) this.remove(collection, current);
  }

  /** Forgets the watch history, as etcd compaction does: every watch from an older version gets 410. */
  compact(): void {
    this.compactedThrough = this.revision;
    this.history = [];
  }

  /** Ends every open watch, as an API server restart or a load balancer timeout would. */
  dropWatches(): void {
    for (const w of this.watchers) w.response.end();
    this.watchers.clear();
  }

  // --- the HTTP API ---

  private send(res: ServerResponse, code: number, body: unknown): void {
    if (res.headersSent) return void res.end();
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private async body(req: IncomingMessage): Promise<StoredObject> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as StoredObject;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const request = {
      method,
      path: url.pathname,
      watch: url.searchParams.get('watch') === 'true',
      user: (req.headers.authorization ?? '').replace(/^Bearer /, ''),
    };
    this.requests.push(request);
    res.on('finish', () => this.responses.push({ ...request, code: res.statusCode }));
    this.beforeRequest?.(method, url.pathname);
    if (url.pathname === '/version') return this.send(res, 200, this.version);
    const match = PATH.exec(url.pathname);
    const resource = match ? KINDS[match[3]!] : undefined;
    if (!match || !resource)
      return this.send(
        res,
        404,
        status(404, 'NotFound', `the server could not find the requested resource ${url.pathname}`),
      );
    const [, prefix, namespace, plural, name, sub] = match as unknown as [
      string,
      string,
      string,
      string,
      string | undefined,
      string | undefined,
    ];
    const collection = `${prefix}/namespaces/${namespace}/${plural}`;
    const current = name ? this.get(collection, name) : undefined;
    const notFound = () =>
      this.send(
        res,
        404,
        status(404, 'NotFound', `${plural} "${name}" not found`, { name: name!, kind: plural }),
      );

    if (method === 'GET' && !name) {
      const selector = url.searchParams.get('labelSelector') ?? undefined;
      if (url.searchParams.get('watch') === 'true')
        return this.watch(
          collection,
          selector,
          Number(url.searchParams.get('resourceVersion') || this.revision),
          res,
        );
      const items = this.list(collection).filter((o) => matches(o, selector));
      return this.send(res, 200, {
        apiVersion: prefix === '/api/v1' ? 'v1' : prefix.slice('/apis/'.length),
        kind: `${resource.kind}List`,
        metadata: { resourceVersion: String(this.revision) },
        items,
      });
    }
    if (method === 'GET') return current ? this.send(res, 200, current) : notFound();
    if (method === 'POST' && !name) {
      const body = await this.body(req);
      if (this.get(collection, body.metadata.name))
        return this.send(
          res,
          409,
          status(409, 'AlreadyExists', `${plural} "${body.metadata.name}" already exists`, {
            name: body.metadata.name,
            kind: plural,
          }),
        );
      const initial = resource.kind === 'Pod' ? { phase: 'Pending' } : undefined;
      const { status: _ignored, ...rest } = body;
      const created = this.store(collection, undefined, {
        ...rest,
        ...(initial ? { status: initial } : {}),
        metadata: {
          ...body.metadata,
          namespace,
          uid: randomUUID(),
          creationTimestamp: new Date().toISOString(),
        },
      });
      return this.send(res, 201, created);
    }
    if (method === 'DELETE') {
      if (!current) return notFound();
      this.remove(collection, current);
      return this.send(res, 200, current);
    }
    if (method === 'PUT' || method === 'PATCH') {
      if (!current) return notFound();
      const body = await this.body(req);
      const next = method === 'PATCH' ? (mergePatch(current, body) as StoredObject) : body;
      const sent = body.metadata?.resourceVersion;
      if (sent !== undefined && sent !== current.metadata.resourceVersion)
        return this.send(
          res,
          409,
          status(
            409,
            'Conflict',
            `Operation cannot be fulfilled on ${plural} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
            { name: name!, kind: plural },
          ),
        );
      const onlyStatus = sub === 'status';
      const merged: StoredObject = onlyStatus
        ? { ...current, status: next.status }
        : {
            ...next,
            metadata: { ...current.metadata, ...next.metadata, uid: current.metadata.uid },
            ...(resource.statusSubresource ? { status: current.status } : {}),
          };
      return this.send(res, 200, this.store(collection, current, merged));
    }
    return this.send(res, 405, status(405, 'MethodNotAllowed', `${method} is not supported`));
  }

  private watch(collection: string, selector: string | undefined, from: number, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    // Clients wait for the headers before they read events.
    res.flushHeaders();
    if (from < this.compactedThrough) {
      this.expiredWatches.push(collection);
      const gone = status(410, 'Expired', `too old resource version: ${from} (${this.compactedThrough})`);
      res.end(JSON.stringify({ type: 'ERROR', object: gone }) + '\n');
      return;
    }
    const watcher: Watcher = { collection, selector, response: res };
    for (const event of this.history) if (event.rv > from) this.deliver(watcher, event);
    this.watchers.add(watcher);
    res.on('close', () => this.watchers.delete(watcher));
  }

  private deliver(watcher: Watcher, event: WatchEvent): void {
    if (event.collection !== watcher.collection || !matches(event.object, watcher.selector)) return;
    watcher.response.write(JSON.stringify({ type: event.type, object: event.object }) + '\n');
  }

  private store(collection: string, previous: StoredObject | undefined, object: StoredObject): StoredObject {
    const rv = ++this.revision;
    const stored = { ...object, metadata: { ...object.metadata, resourceVersion: String(rv) } };
    let bucket = this.objects.get(collection);
    if (!bucket) this.objects.set(collection, (bucket = new Map()));
    bucket.set(stored.metadata.name, stored);
    this.emit({ rv, collection, type: previous ? 'MODIFIED' : 'ADDED', object: stored });
    return stored;
  }

  private remove(collection: string, object: StoredObject): void {
    this.objects.get(collection)?.delete(object.metadata.name);
    const rv = ++this.revision;
    this.emit({
      rv,
      collection,
      type: 'DELETED',
      object: { ...object, metadata: { ...object.metadata, resourceVersion: String(rv) } },
    });
    // Garbage collection: dependents owned by the deleted object go too.
    for (const [otherCollection, bucket] of this.objects)
      for (const dependent of [...bucket.values()])
        if (dependent.metadata.ownerReferences?.some((o) => o.uid === object.metadata.uid))
          this.remove(otherCollection, dependent);
  }

  private emit(event: WatchEvent): void {
    this.history.push(event);
    for (const w of this.watchers) this.deliver(w, event);
  }
}
