import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../support/databases.js';
import { useService } from '../../support/service.js';

const body = (name: string, extra: object = {}) => ({
  name,
  stages: [{ name: 'Build', steps: [{ sh: 'make' }] }],
  ...extra,
});

describe.each(DATABASE_KINDS)('pipelines API on %s', (kind) => {
  const service = useService(kind, { PIPEWRIGHT_BODY_LIMIT: '65536' });

  it('creates, reads, updates, renders, favorites and deletes a pipeline', async () => {
    const s = service();
    const created = await s.call(s.tokens.developer, {
      method: 'POST',
      url: '/api/pipelines',
      payload: body('web', {
        group: 'deployment',
        triggers: [
          { type: 'push', branches: ['main'] },
          { type: 'cron', schedule: 'H 2 * * *' },
        ],
      }),
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    expect(created.json()).toMatchObject({
      name: 'web',
      group: 'deployment',
      ownerId: s.users.developer.id,
      triggers: ['push', 'cron'],
      lastRun: null,
    });
    expect(
      (await s.call(s.tokens.viewer, { method: 'GET', url: `/api/pipelines/${id}` })).json().definition
        .stages[0].name,
    ).toBe('Build');
    const jenkinsfile = await s.call(s.tokens.viewer, {
      method: 'GET',
      url: `/api/pipelines/${id}/jenkinsfile`,
    });
    expect(jenkinsfile.headers['content-type']).toContain('text/plain');
    expect(jenkinsfile.body).toContain("cron('H 2 * * *')");
    expect(jenkinsfile.body).toContain("sh 'make'");
    const updated = await s.call(s.tokens.developer, {
      method: 'PUT',
      url: `/api/pipelines/${id}`,
      payload: body('web', { group: 'deployment', description: 'The web shop' }),
    });
    expect(updated.json()).toMatchObject({ description: 'The web shop', triggers: ['manual'] });
    expect(
      (await s.call(s.tokens.viewer, { method: 'PUT', url: `/api/pipelines/${id}/favorite` })).statusCode,
    ).toBe(204);
    const favorites = (
      await s.call(s.tokens.viewer, { method: 'GET', url: '/api/pipelines?favorite=true' })
    ).json();
    expect(favorites.items.map((p: { name: string }) => p.name)).toEqual(['web']);
    expect(
      (await s.call(s.tokens.developer, { method: 'GET', url: '/api/pipelines?favorite=true' })).json().total,
    ).toBe(0);
    expect(
      (await s.call(s.tokens.developer, { method: 'DELETE', url: `/api/pipelines/${id}` })).statusCode,
    ).toBe(403);
    expect(
      (await s.call(s.tokens.maintainer, { method: 'DELETE', url: `/api/pipelines/${id}` })).statusCode,
    ).toBe(204);
    expect((await s.call(s.tokens.viewer, { method: 'GET', url: `/api/pipelines/${id}` })).statusCode).toBe(
      404,
    );
  });

  it('answers 400 with every [path] problem and stores nothing', async () => {
    const s = service();
    const before = (await s.call(s.tokens.admin, { method: 'GET', url: '/api/pipelines' })).json().total;
    const res = await s.call(s.tokens.developer, {
      method: 'POST',
      url: '/api/pipelines',
      payload: {
        name: 'bad name',
        colour: 'red',
        stages: [{ name: 'A' }, { name: 'A', steps: [{ sh: 7 }] }],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .problems.map((p: { path: string }) => p.path)
        .sort(),
    ).toEqual([
      'body.colour',
      'body.name',
      'body.stages[0]',
      'body.stages[1].name',
      'body.stages[1].steps[0].sh',
    ]);
    expect(res.json().message.split('\n')).toHaveLength(5);
    expect((await s.call(s.tokens.admin, { method: 'GET', url: '/api/pipelines' })).json().total).toBe(
      before,
    );
    // Malformed JSON, a wrong query type, and unknown ids
    const malformed = await s.call(s.tokens.developer, {
      method: 'POST',
      url: '/api/pipelines',
      payload: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.statusCode).toBe(400);
    const query = await s.call(s.tokens.viewer, { method: 'GET', url: '/api/pipelines?limit=0&sort=colour' });
    expect(query.statusCode).toBe(400);
    expect(query.json().problems.map((p: { path: string }) => p.path)).toEqual(
      expect.arrayContaining(['querystring.limit', 'querystring.sort']),
    );
    expect((await s.call(s.tokens.viewer, { method: 'GET', url: '/api/pipelines/nope' })).statusCode).toBe(
      404,
    );
    expect((await s.call(s.tokens.viewer, { method: 'GET', url: '/api/runs/nope' })).statusCode).toBe(404);
    expect((await s.call(s.tokens.viewer, { method: 'GET', url: '/api/no-such-route' })).statusCode).toBe(
      404,
    );
  });

  it('answers 400 for NUL in a text stored in a column of its own, which PostgreSQL cannot hold', async () => {
    const s = service();
    const res = await s.call(s.tokens.developer, {
      method: 'POST',
      url: '/api/pipelines',
      payload: body('nul-text', { description: 'a\u0000b', source: { git: 'https://x/\u0000' } }),
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().problems.map((p: { path: string }) => p.path)).toEqual(
      expect.arrayContaining(['body.description', 'body.source.git']),
    );
    // NUL inside the definition (a step's text) is stored as JSON, escaped: that is accepted
    const inStep = await s.call(s.tokens.developer, {
      method: 'POST',
      url: '/api/pipelines',
      payload: body('nul-step', { stages: [{ name: 'A', steps: [{ echo: 'a\u0000b' }] }] }),
    });
    expect(inStep.statusCode, inStep.body).toBe(201);
  });

  it('answers 413 for a body over the limit and stores nothing', async () => {
    const s = service();
    const huge = body('huge', { description: 'x'.repeat(70_000) });
    const res = await s.call(s.tokens.developer, { method: 'POST', url: '/api/pipelines', payload: huge });
    expect(res.statusCode).toBe(413);
    expect((await s.call(s.tokens.admin, { method: 'GET', url: '/api/pipelines?q=huge' })).json().total).toBe(
      0,
    );
  });

  it('answers 409 for a second pipeline of the same name', async () => {
    const s = service();
    expect(
      (await s.call(s.tokens.developer, { method: 'POST', url: '/api/pipelines', payload: body('twin') }))
        .statusCode,
    ).toBe(201);
    expect(
      (await s.call(s.tokens.developer, { method: 'POST', url: '/api/pipelines', payload: body('twin') }))
        .statusCode,
    ).toBe(409);
  });

  it('saves a pipeline as a template and creates pipelines from it', async () => {
    const s = service();
    const source = (
      await s.call(s.tokens.developer, {
        method: 'POST',
        url: '/api/pipelines',
        payload: body('golden', { group: 'production', description: 'our standard' }),
      })
    ).json();
    const saved = await s.call(s.tokens.maintainer, {
      method: 'POST',
      url: `/api/pipelines/${source.id}/template`,
      payload: { name: 'golden-path', title: 'Golden path' },
    });
    expect(saved.statusCode).toBe(201);
    const names = (await s.call(s.tokens.viewer, { method: 'GET', url: '/api/templates' }))
      .json()
      .map((t: { name: string }) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'test-build',
        'test-build-image',
        'test-build-image-deploy',
        'custom',
        'golden-path',
      ]),
    );
    const copy = await s.call(s.tokens.developer, {
      method: 'POST',
      url: '/api/templates/golden-path/pipelines',
      payload: { name: 'golden-2', group: 'development' },
    });
    expect(copy.statusCode).toBe(201);
    expect(copy.json()).toMatchObject({
      name: 'golden-2',
      group: 'development',
      description: 'our standard',
    });
    const fromBuiltIn = await s.call(s.tokens.developer, {
      method: 'POST',
      url: '/api/templates/test-build-image-deploy/pipelines',
      payload: { name: 'svc', approvers: ['alice'] },
    });
    expect(fromBuiltIn.statusCode).toBe(201);
    expect(
      (
        await s.call(s.tokens.viewer, {
          method: 'GET',
          url: `/api/pipelines/${fromBuiltIn.json().id}/jenkinsfile`,
        })
      ).body,
    ).toContain("submitter 'alice'");
    expect(
      (
        await s.call(s.tokens.developer, {
          method: 'POST',
          url: '/api/templates/nope/pipelines',
          payload: { name: 'x' },
        })
      ).statusCode,
    ).toBe(404);
  });

  it("lets a group's grant raise a member's role on one pipeline group only", async () => {
    const s = service();
    const group = (
      await s.call(s.tokens.admin, { method: 'POST', url: '/api/groups', payload: { name: 'team-a' } })
    ).json();
    const patched = await s.call(s.tokens.admin, {
      method: 'PATCH',
      url: `/api/groups/${group.id}`,
      payload: {
        members: [s.users.viewer.username],
        grants: [{ pipelineGroup: 'team-a', role: 'maintainer' }],
      },
    });
    // Members are named by username, in the request and in the answer
    expect(patched.json()).toMatchObject({
      members: [s.users.viewer.username],
      grants: [{ pipelineGroup: 'team-a', role: 'maintainer' }],
    });
    expect(
      (
        await s.call(s.tokens.viewer, {
          method: 'POST',
          url: '/api/pipelines',
          payload: body('a-app', { group: 'team-a' }),
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await s.call(s.tokens.viewer, {
          method: 'POST',
          url: '/api/pipelines',
          payload: body('b-app', { group: 'team-b' }),
        })
      ).statusCode,
    ).toBe(403);
    const other = (
      await s.call(s.tokens.developer, {
        method: 'POST',
        url: '/api/pipelines',
        payload: body('c-app', { group: 'team-b' }),
      })
    ).json();
    const mine = (await s.call(s.tokens.viewer, { method: 'GET', url: '/api/pipelines?q=a-app' })).json()
      .items[0];
    expect(
      (await s.call(s.tokens.viewer, { method: 'POST', url: `/api/pipelines/${mine.id}/runs`, payload: {} }))
        .statusCode,
    ).toBe(201);
    expect(
      (await s.call(s.tokens.viewer, { method: 'POST', url: `/api/pipelines/${other.id}/runs`, payload: {} }))
        .statusCode,
    ).toBe(403);
    // Moving a pipeline to a group where the grant does not reach is refused
    expect(
      (
        await s.call(s.tokens.viewer, {
          method: 'PUT',
          url: `/api/pipelines/${mine.id}`,
          payload: body('a-app', { group: 'team-b' }),
        })
      ).statusCode,
    ).toBe(403);
    const unknownMember = await s.call(s.tokens.admin, {
      method: 'PATCH',
      url: `/api/groups/${group.id}`,
      payload: { members: ['ghost'] },
    });
    expect(unknownMember.statusCode).toBe(400);
  });
});
