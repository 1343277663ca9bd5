import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { PipelineModel } from '../../../src/index.js';
import { migrate } from '../../../service/db/open-database.js';
import { createRepositories } from '../../../service/repositories/index.js';
import { DATABASE_KINDS, useDatabase, withDatabaseAt } from '../../support/databases.js';

/** The promised semantics, written out: a case-insensitive substring of name or description. */
const fold = (text: string) => text.normalize('NFC').toLowerCase();
const naiveMatch = (p: { name: string; description: string }, keyword: string) =>
  fold(p.name).includes(fold(keyword)) || fold(p.description).includes(fold(keyword));

const SEEDED: { name: string; description: string; group: string }[] = [
  { name: 'web-app', description: 'The 100% shop', group: 'production' },
  { name: 'web_admin', description: 'snake_case admin', group: 'development' },
  { name: 'x', description: '', group: 'development' },
  { name: 'ab', description: 'Ab', group: 'deployment' },
  { name: 'quotes', description: `it's the "legacy" build`, group: 'development' },
  { name: 'backslash', description: 'C:\\tools\\bin and 50%_off', group: 'production' },
  { name: 'zurich', description: 'Zürich office, ÜBER-fast', group: 'deployment' },
  // A decomposed "é" (e + U+0301) in the description, a composed one in the next name.
  { name: 'region-nfd', description: 'Re\u0301gion Île-de-France', group: 'production' },
  { name: 'Région-nfc', description: '', group: 'production' },
  { name: '部署-cluster', description: '部署到集群', group: 'deployment' },
  { name: 'greek', description: 'ΚΑΛΗΜΕΡΑ κόσμε', group: 'development' },
  { name: 'emoji', description: 'ships 🚀 fast', group: 'development' },
  { name: 'percent-only', description: '%', group: 'development' },
  { name: 'underscore-only', description: '_', group: 'development' },
  { name: 'spaces', description: 'two  spaces and a\ttab', group: 'production' },
];

const KEYWORDS = [
  'web',
  'WEB',
  '_',
  '%',
  '100%',
  '0%_',
  '_c',
  "'",
  '"',
  '"legacy"',
  "it's",
  '\\',
  'c:\\tools',
  'x',
  'ab',
  'AB',
  'b',
  'zürich',
  'ZÜRICH',
  'über',
  'é',
  'É',
  'région',
  'RÉGION',
  'e\u0301',
  '部',
  '部署',
  '集群',
  'καλημέρα',
  'ΚΌΣΜΕ',
  '🚀',
  'ps 🚀',
  '  ',
  'a\tt',
  '-',
  'nothing-like-this',
  '*',
  'NEAR',
  'web OR admin',
  '\u0000',
  'ab\u0000c',
];

const model = (p: (typeof SEEDED)[number]): PipelineModel => ({
  name: p.name,
  group: p.group,
  description: p.description || undefined,
  stages: [{ name: 'A', steps: [{ echo: 'x' }] }],
});

describe.each(DATABASE_KINDS)('pipeline keyword search on %s', (kind) => {
  const db = useDatabase(kind);

  it('finds exactly what a case-insensitive substring filter finds, for tricky text', async () => {
    const repos = createRepositories(db());
    const owner = await repos.users.create({ username: 'owner', role: 'developer', passwordHash: 'x' });
    for (const p of SEEDED) await repos.pipelines.create(model(p), owner.id);

    for (const keyword of KEYWORDS) {
      const expected = SEEDED.filter((p) => naiveMatch(p, keyword))
        .map((p) => p.name)
        .sort();
      const found = await repos.pipelines.list({ userId: owner.id, q: keyword, limit: 100, offset: 0 });
      expect({ keyword, names: found.items.map((p) => p.name).sort() }).toEqual({ keyword, names: expected });
      expect({ keyword, total: found.total }).toEqual({ keyword, total: expected.length });
      // Small pages: a full page does not end the list, so its total is counted, and early pages
      // of a keyword that matches much walk the sorted list instead of sorting the matches.
      const paged: string[] = [];
      for (let offset = 0; offset < expected.length; offset += 2) {
        const page = await repos.pipelines.list({ userId: owner.id, q: keyword, limit: 2, offset });
        expect({ keyword, total: page.total }).toEqual({ keyword, total: expected.length });
        paged.push(...page.items.map((p) => p.name));
      }
      expect({ keyword, paged: paged.sort() }).toEqual({ keyword, paged: expected });
      const inGroup = await repos.pipelines.list({
        userId: owner.id,
        q: keyword,
        group: 'development',
        limit: 1,
        offset: 0,
      });
      const expectedInGroup = SEEDED.filter((p) => p.group === 'development' && naiveMatch(p, keyword));
      expect({ keyword, total: inGroup.total }).toEqual({ keyword, total: expectedInGroup.length });
    }
  });

  it('pages a keyword with a filter, under every sort and order, in the order of the whole list', async () => {
    // GIVEN enough matches that the keyword alone, and with each filter, spans several pages
    const repos = createRepositories(db());
    const owner = await repos.users.create({ username: 'pager', role: 'developer', passwordHash: 'x' });
    const groups = ['development', 'production'];
    const seeded = Array.from({ length: 24 }, (_, i) => ({
      name: `svc-${String((i * 7) % 24).padStart(2, '0')}${i % 3 === 0 ? '-edge' : ''}`,
      description: i % 2 ? 'Edge "case" *-NEAR' : 'plain',
      group: groups[i % 2]!,
    }));
    for (const p of seeded) await repos.pipelines.create(model(p), owner.id);
    const favorites = (
      await repos.pipelines.list({ userId: owner.id, q: 'svc', limit: 100, offset: 0 })
    ).items
      .filter((_, i) => i % 4 === 0)
      .map((p) => p.id);
    for (const id of favorites) await repos.pipelines.setFavorite(owner.id, id, true);
    // Earlier tests of this file share the store: expect their pipelines too.
    const stored = (await repos.pipelines.list({ userId: owner.id, limit: 200, offset: 0 })).items;
    const cases = [
      { q: 'edge' },
      { q: 'EDGE', group: 'production' },
      { q: '"case" *-near', group: 'production' },
      { q: 'svc', favorite: true },
      { q: 'svc', favorite: false, group: 'development' },
      { q: 'e', group: 'development' },
    ];
    for (const filter of cases)
      for (const sort of ['name', 'updatedAt', 'lastRunAt'] as const)
        for (const order of ['asc', 'desc'] as const) {
          // WHEN the whole list is read at once and then page by page
          const whole = await repos.pipelines.list({
            userId: owner.id,
            ...filter,
            sort,
            order,
            limit: 100,
            offset: 0,
          });
          const paged: string[] = [];
          for (let offset = 0; offset < whole.total + 3; offset += 3) {
            const page = await repos.pipelines.list({
              userId: owner.id,
              ...filter,
              sort,
              order,
              limit: 3,
              offset,
            });
            if (page.items.length)
              expect({ filter, sort, order, total: page.total }).toEqual({
                filter,
                sort,
                order,
                total: whole.total,
              });
            paged.push(...page.items.map((p) => p.name));
          }
          // THEN the pages hold the same pipelines in the same order, and the whole list is the
          // naive filter's answer
          expect({ filter, sort, order, paged }).toEqual({
            filter,
            sort,
            order,
            paged: whole.items.map((p) => p.name),
          });
          const expected = stored.filter(
            (p) =>
              naiveMatch(p, filter.q) &&
              (!filter.group || p.group === filter.group) &&
              (filter.favorite === undefined || favorites.includes(p.id) === filter.favorite),
          );
          expect({ filter, sort, order, names: whole.items.map((p) => p.name).sort() }).toEqual({
            filter,
            sort,
            order,
            names: expected.map((p) => p.name).sort(),
          });
          expect(whole.total).toBe(whole.items.length);
          expect(whole.total).toBeGreaterThan(3);
        }
  });

  it('follows renames and deletes in the same transaction as the pipeline', async () => {
    const repos = createRepositories(db());
    const owner = await repos.users.create({ username: 'renamer', role: 'developer', passwordHash: 'x' });
    const created = await repos.pipelines.create(
      model({ name: 'old-name', description: 'Kept apart', group: 'development' }),
      owner.id,
    );
    const search = async (q: string) =>
      (await repos.pipelines.list({ userId: owner.id, q, limit: 10, offset: 0 })).items.map((p) => p.name);
    expect(await search('old-name')).toEqual(['old-name']);
    await repos.pipelines.update(
      created.id,
      model({ name: 'new-name', description: 'Moved', group: 'development' }),
    );
    expect(await search('old-name')).toEqual([]);
    expect(await search('kept apart')).toEqual([]);
    expect(await search('NEW-NAME')).toEqual(['new-name']);
    expect(await search('moved')).toEqual(['new-name']);
    await repos.pipelines.delete(created.id);
    expect(await search('new-name')).toEqual([]);
    const { rows } = await sql<{ n: number }>`select count(*) as n from pipeline_search`.execute(db());
    const pipelines = (await repos.pipelines.list({ userId: owner.id, limit: 200, offset: 0 })).total;
    expect(Number(rows[0]!.n)).toBe(pipelines);
    if (kind === 'sqlite')
      // FTS5's own check that the index matches its content table.
      await sql`insert into pipeline_search_fts (pipeline_search_fts, rank) values ('integrity-check', 1)`.execute(
        db(),
      );
  });

  it('indexes the pipelines a store held before search existed', async () => {
    await withDatabaseAt(kind, '0005-list-indexes', async (open) => {
      const repos = createRepositories(open.db);
      const owner = await repos.users.create({ username: 'early', role: 'developer', passwordHash: 'x' });
      await open.db
        .insertInto('pipelines')
        .values({
          id: 'p-1',
          name: 'Zürich-Legacy',
          group_name: 'development',
          description: 'from before',
          owner_id: owner.id,
          repository_url: null,
          definition: JSON.stringify(model({ name: 'Zürich-Legacy', description: '', group: 'development' })),
          trigger_types: ',manual,',
          next_run_number: 1,
          last_run_id: null,
          last_run_number: null,
          last_run_status: null,
          last_run_stage: null,
          last_run_trigger: null,
          last_run_started_at: null,
          created_at: '2026-01-01T00:00:00.000Z',
          updated_at: '2026-01-01T00:00:00.000Z',
        })
        .execute();
      await migrate(open);
      const found = await repos.pipelines.list({
        userId: owner.id,
        q: 'ZÜRICH-legacy',
        limit: 10,
        offset: 0,
      });
      expect(found.items.map((p) => p.id)).toEqual(['p-1']);
    });
  });

  if (kind === 'postgres')
    it('builds the trigram indexes where pg_trgm can be installed', async () => {
      const { rows } = await sql<{ indexname: string }>`
        select indexname from pg_indexes where tablename = 'pipeline_search' and schemaname = current_schema()
        order by indexname`.execute(db());
      expect(rows.map((r) => r.indexname)).toEqual(
        expect.arrayContaining(['pipeline_search_description_trgm', 'pipeline_search_name_trgm']),
      );
    });
});
