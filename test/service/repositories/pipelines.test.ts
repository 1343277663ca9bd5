import { describe, expect, it } from 'vitest';
import type { PipelineModel } from '../../../src/index.js';
import { createRepositories } from '../../../service/repositories/index.js';
import { DATABASE_KINDS, useDatabase } from '../../support/databases.js';

const model = (name: string, extra: Partial<PipelineModel> = {}): PipelineModel => ({
  name,
  stages: [{ name: 'A', steps: [{ echo: 'x' }] }],
  ...extra,
});

describe.each(DATABASE_KINDS)('pipelines on %s', (kind) => {
  const db = useDatabase(kind);

  it('searches, filters, sorts and pages, with favorites per user', async () => {
    const repos = createRepositories(db());
    const alice = await repos.users.create({ username: 'alice', role: 'developer', passwordHash: 'x' });
    const bob = await repos.users.create({ username: 'bob', role: 'developer', passwordHash: 'x' });
    const web = await repos.pipelines.create(
      model('web-app', { group: 'production', description: 'The 100% shop', triggers: [{ type: 'push' }] }),
      alice.id,
    );
    await repos.pipelines.create(
      model('api', { group: 'development', triggers: [{ type: 'cron', schedule: 'H * * * *' }] }),
      alice.id,
    );
    await repos.pipelines.create(model('web_admin', { group: 'development' }), bob.id);
    await repos.pipelines.setFavorite(bob.id, web.id, true);
    await repos.pipelines.setFavorite(bob.id, web.id, true);

    const names = async (o: Partial<Parameters<typeof repos.pipelines.list>[0]>) =>
      (await repos.pipelines.list({ userId: bob.id, limit: 10, offset: 0, ...o })).items.map((p) => p.name);
    expect(await names({})).toEqual(['api', 'web-app', 'web_admin']);
    expect(await names({ q: 'WEB' })).toEqual(['web-app', 'web_admin']);
    expect(await names({ q: '_' })).toEqual(['web_admin']);
    expect(await names({ q: '100%' })).toEqual(['web-app']);
    expect(await names({ group: 'development' })).toEqual(['api', 'web_admin']);
    expect(await names({ trigger: 'push' })).toEqual(['web-app']);
    expect(await names({ trigger: 'manual' })).toEqual(['web_admin']);
    expect(await names({ favorite: true })).toEqual(['web-app']);
    expect(await names({ favorite: false })).toEqual(['api', 'web_admin']);
    expect(await names({ sort: 'name', order: 'desc' })).toEqual(['web_admin', 'web-app', 'api']);
    const page = await repos.pipelines.list({ userId: bob.id, limit: 1, offset: 1 });
    expect(page).toMatchObject({ total: 3, items: [{ name: 'web-app', favorite: true }] });
    expect(
      (await repos.pipelines.list({ userId: alice.id, limit: 10, offset: 0, q: 'web-app' })).items[0]!
        .favorite,
    ).toBe(false);
  });

  it('lists each pipeline as it reads it alone, whatever text it holds', async () => {
    // GIVEN pipelines with text JSON must escape, with and without runs, favorites and triggers
    const repos = createRepositories(db());
    const owner = await repos.users.create({ username: 'o"wner\\', role: 'developer', passwordHash: 'x' });
    const texts = ['quote " and \\ back', 'line\nbreak\ttab\u0001\u001f\u007f', '部署 🚀 \u2028 ü', ''];
    const ids: string[] = [];
    for (const [i, text] of texts.entries())
      ids.push(
        (
          await repos.pipelines.create(
            model(`json-${i}`, {
              description: text || undefined,
              triggers: i === 3 ? [] : i % 2 ? [{ type: 'push' }, { type: 'api' }] : undefined,
              source: i === 1 ? { git: 'https://git.example/a.git', branch: 'main' } : undefined,
            }),
            owner.id,
          )
        ).id,
      );
    await repos.pipelines.setFavorite(owner.id, ids[1]!, true);
    await db()
      .updateTable('pipelines')
      .set({
        last_run_id: 'run-1',
        last_run_number: 7,
        last_run_status: 'running',
        last_run_stage: 'Build "x"',
        last_run_trigger: 'api',
        last_run_started_at: '2026-01-01T00:00:00.000Z',
      })
      .where('id', '=', ids[2]!)
      .execute();
    await db()
      .updateTable('pipelines')
      .set({ last_run_id: 'run-2', last_run_number: 1 })
      .where('id', '=', ids[3]!)
      .execute();
    for (const id of [ids[2]!, ids[3]!]) repos.runs.mirrored(id);

    // WHEN the list is read, as objects and as the route's JSON text
    const options = { userId: owner.id, q: 'json-', limit: 10, offset: 0 };
    const listed = await repos.pipelines.list(options);
    const text = await repos.pipelines.listJson(options);

    // THEN each row is what findById says of that pipeline, and the text is the same page
    expect(listed.total).toBe(texts.length);
    for (const item of listed.items) {
      const {
        revision: _r,
        jenkinsfileStatus: _j,
        definition: _d,
        ...summary
      } = (await repos.pipelines.findById(item.id, owner.id))!;
      expect(item).toStrictEqual(summary);
    }
    expect(JSON.parse(text.toString())).toStrictEqual(listed);
  });

  it('returns null, never throws, for unknown ids', async () => {
    const repos = createRepositories(db());
    expect(await repos.pipelines.findById('nope')).toBeNull();
    expect(await repos.pipelines.update('nope', model('x'))).toBeNull();
    expect(await repos.pipelines.delete('nope')).toBe(false);
  });
});
