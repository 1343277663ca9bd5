import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { useService } from '../../support/service.js';

/** `/api/runs/:runId/artifacts/*` -> `/api/runs/{runId}/artifacts/{*}`, as the document names it. */
const openapiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}').replace(/\*$/, '{*}');

interface Operation {
  summary?: string;
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: { required?: boolean };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/**
 * A small client written the way a console would write one: the path and method pick the
 * operation, the operation's success answer is the result type. An operation without a JSON
 * success schema yields a type with none of the fields, so using it fails to compile.
 */
const CLIENT = `
import type { paths } from './api.js';

type Success<Op> = Op extends { responses: infer R }
  ? 200 extends keyof R ? R[200] : 201 extends keyof R ? R[201] : never
  : never;
type Json<Op> = Success<Op> extends { content: { 'application/json': infer T } }
  ? T
  : { error: 'this operation declares no JSON answer' };
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
type Body<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

declare function call<P extends keyof paths, M extends keyof paths[P] & ('get' | 'post' | 'patch')>(
  method: M,
  path: P,
  init?: { query?: Query<paths[P][M]>; body?: Body<paths[P][M]> },
): Promise<Json<paths[P][M]>>;

export async function console_(): Promise<string[]> {
  const history = await call('get', '/api/pipelines/{id}/runs', { query: { operator: 'bob', status: 'failed' } });
  const first = history.items[0]!;
  const operator: string | null = first.operator;
  const total: number = history.total;
  const run = await call('get', '/api/runs/{runId}');
  const decidedBy: (string | null)[] = run.gates.map((g) => g.decidedBy);
  const stages: string[] = run.stages.map((s) => s.name + s.status);
  const started = await call('post', '/api/pipelines/{id}/runs');
  const rerun = await call('post', '/api/runs/{runId}/rerun', { body: { remark: 'again' } });
  const pipelines = await call('get', '/api/pipelines', { query: { sort: 'lastRunAt', favorite: true } });
  const lastStatus = pipelines.items[0]?.lastRun?.status;
  const groups = await call('get', '/api/groups');
  const members: string[] = groups.flatMap((g) => g.members);
  const templates = await call('get', '/api/templates');
  const options: string[] = templates.flatMap((t) => t.options);
  const todos = await call('get', '/api/workbench/todos');
  const kinds = todos.items.map((t) => t.kind);
  // @ts-expect-error a run status outside the list does not type-check
  const bogus: typeof first.status = 'bogus';
  return [operator ?? '', String(total), ...decidedBy.map(String), ...stages, started.remark, rerun.remark,
    String(lastStatus), ...members, ...options, ...kinds, bogus];
}
`;

/** Generates the client types from a document and type-checks CLIENT against them. */
async function compileClient(document: OpenAPI3): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pipewright-client-'));
  writeFileSync(join(dir, 'api.ts'), astToString(await openapiTS(document)));
  writeFileSync(join(dir, 'client.ts'), CLIENT);
  const program = ts.createProgram([join(dir, 'client.ts')], {
    strict: true,
    noEmit: true,
    noUncheckedIndexedAccess: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** The README's example, with every kind of field the model has, for a serializer round trip. */
const RICH_PIPELINE = {
  name: 'shop-api',
  group: 'production',
  description: 'Everything at once',
  source: { git: 'git@git.example:team/shop-api.git', branch: 'main', credentialsId: 'git-ssh' },
  triggers: [
    { type: 'manual' },
    { type: 'push', branches: ['main'] },
    { type: 'cron', schedule: 'H 2 * * *' },
    { type: 'api' },
  ],
  parameters: [
    { name: 'TARGET', type: 'choice', choices: ['staging', 'production'] },
    { name: 'DRY_RUN', type: 'boolean', default: true },
  ],
  agent: { podTemplate: 'maven kaniko', defaultContainer: 'maven' },
  environment: {
    APP: 'shop-api',
    REGISTRY: { credential: 'harbor-login' },
    TAG: { expression: '"${env.BRANCH_NAME}-${env.BUILD_NUMBER}"' },
  },
  options: { timeoutMinutes: 60, keepBuilds: 30, disableConcurrentBuilds: true, timestamps: true },
  stages: [
    { name: 'Test', steps: [{ sh: 'mvn -B verify' }] },
    {
      name: 'Checks',
      parallel: [
        { name: 'Lint', steps: [{ sh: 'mvn -B checkstyle:check' }] },
        { name: 'Audit', steps: [{ step: 'junit', with: { testResults: '**/TEST-*.xml' } }] },
      ],
    },
    {
      name: 'Deploy',
      manual: true,
      gate: {
        message: 'Ship it?',
        submitters: { users: ['alice'], groups: ['release-managers'] },
        timeoutMinutes: 60,
      },
      stages: [{ name: 'Roll out', steps: [{ echo: 'rolling out' }] }],
    },
  ],
};

describe('the declared API', () => {
  const service = useService();

  it('keeps every field through the response schemas (they also serialize)', async () => {
    const s = service();
    const created = await s.call(s.tokens.admin, {
      method: 'POST',
      url: '/api/pipelines',
      payload: RICH_PIPELINE,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().definition).toEqual(RICH_PIPELINE);
    const read = await s.call(s.tokens.viewer, { method: 'GET', url: `/api/pipelines/${created.json().id}` });
    expect(read.json().definition).toEqual(RICH_PIPELINE);
    const settings = { 'ui.title': 'pipewright', retentionDays: 30, 'feature.x': true, contact: null };
    await s.call(s.tokens.admin, { method: 'PUT', url: '/api/settings', payload: settings });
    expect((await s.call(s.tokens.admin, { method: 'GET', url: '/api/settings' })).json()).toEqual(settings);
  });

  it('documents every route with a summary, its success answer and the error shape', async () => {
    const s = service();
    const document = (await s.call(null, { method: 'GET', url: '/docs/json' })).json();
    const missing: string[] = [];
    const routes = s.app.servedRoutes();
    expect(routes.length).toBeGreaterThan(40);
    for (const route of routes) {
      const [method, url] = route.split(' ') as [string, string];
      const operation = document.paths[openapiPath(url)]?.[method.toLowerCase()] as Operation | undefined;
      if (!operation) {
        missing.push(`${route}: not in the document`);
        continue;
      }
      if (!operation.summary) missing.push(`${route}: no summary`);
      const success = Object.entries(operation.responses).filter(([code]) => /^2\d\d$/.test(code));
      if (success.length === 0) missing.push(`${route}: no success response`);
      for (const [code, answer] of success) {
        const declared =
          code === '204' ? !answer.content : Object.values(answer.content ?? {}).some((c) => c.schema);
        if (!declared) missing.push(`${route}: ${code} has no schema`);
      }
      if (!operation.responses['4XX']?.content) missing.push(`${route}: no error schema`);
    }
    expect(missing).toEqual([]);
  });

  it('marks paging and filters optional, and a body that may be left out not required', async () => {
    const s = service();
    const document = (await s.call(null, { method: 'GET', url: '/docs/json' })).json();
    for (const path of ['/api/pipelines', '/api/pipelines/{id}/runs', '/api/login-log']) {
      const query = (document.paths[path].get as Operation).parameters!.filter((p) => p.in === 'query');
      expect(query.map((p) => p.name)).toEqual(expect.arrayContaining(['limit', 'offset']));
      expect(query.filter((p) => p.required).map((p) => p.name)).toEqual([]);
    }
    expect(document.paths['/api/pipelines/{id}/runs'].post.requestBody.required).toBe(false);
    expect(document.paths['/api/runs/{runId}/rerun'].post.requestBody.required).toBe(false);
    expect(document.paths['/api/pipelines'].post.requestBody.required).toBe(true);
  });

  it('generates a typed client (openapi-typescript) that compiles against the served document', async () => {
    const s = service();
    const document = (await s.call(null, { method: 'GET', url: '/docs/json' })).json() as OpenAPI3;
    expect(await compileClient(document)).toEqual([]);
    // A route that loses its response schema breaks the client: the check can fail.
    const broken = structuredClone(document) as unknown as {
      paths: Record<string, Record<string, Operation>>;
    };
    delete broken.paths['/api/runs/{runId}']!.get!.responses['200']!.content;
    const errors = await compileClient(broken as unknown as OpenAPI3);
    expect(errors.join('\n')).toMatch(/Property '(gates|stages)' does not exist/);
  }, 60_000);
});
