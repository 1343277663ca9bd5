import fc from 'fast-check';
import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PipelineModel } from '../../../src/index.js';
import { migrate, openDatabase } from '../../../service/db/open-database.js';
import { ChangeCounter } from '../../../service/repositories/change-counter.js';
import { createRepositories } from '../../../service/repositories/index.js';
import { compareText } from '../../../service/repositories/list-layout.js';
import type { PipelineListOptions } from '../../../service/repositories/pipelines.js';
import { useDatabase } from '../../support/databases.js';

/**
 * The in-memory list (PIPEWRIGHT_LIST_INDEX, SQLite) must answer every query in the very bytes
 * the SQL list gives, through any sequence of writes: one repository with the index makes the
 * writes, one without it over the same database is the reference.
 */

// Letters that fold (Ä, É), compose (e + U+0301), sort across UTF-16 and code points (U+FF5E
// against an astral emoji), and LIKE's wildcards.
const LETTERS = ['a', 'b', 'A', 'Ä', 'é', 'e\u0301', '-', '_', '%', ' ', '\uff5e', '\u{1F600}', '1'];
const text = (max: number) =>
  fc.array(fc.constantFrom(...LETTERS), { minLength: 1, maxLength: max }).map((parts) => parts.join(''));
const GROUPS = ['development', 'production', 'Production'];
const TRIGGERS: NonNullable<PipelineModel['triggers']>[] = [
  [{ type: 'manual' }],
  [{ type: 'push' }, { type: 'api' }],
  [{ type: 'cron', schedule: 'H 2 * * *' }],
];
const STATUSES = ['success', 'failed', 'running', null] as const;
const STARTS = [null, '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z'];

const modelOf = (name: string, description: string, group: number, triggers: number): PipelineModel => ({
  name,
  description,
  group: GROUPS[group]!,
  triggers: TRIGGERS[triggers]!,
  stages: [{ name: 'A', steps: [{ echo: 'x' }] }],
});

type Op =
  | { kind: 'create'; name: string; description: string; group: number; triggers: number }
  | { kind: 'update'; at: number; name: string; description: string; group: number; triggers: number }
  | { kind: 'delete'; at: number }
  | { kind: 'run'; at: number }
  | { kind: 'lastRun'; at: number; status: number; start: number }
  | { kind: 'favorite'; at: number; user: number; on: boolean };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    name: text(6),
    description: text(10),
    group: fc.nat(2),
    triggers: fc.nat(2),
  }),
  // Edits and favorites weigh more: an edit leaves the old text's grams listed, and favorites
  // are read once and kept, so both must be seen to change what later queries answer.
  {
    arbitrary: fc.record({
      kind: fc.constant('update' as const),
      at: fc.nat(),
      name: text(6),
      description: text(10),
      group: fc.nat(2),
      triggers: fc.nat(2),
    }),
    weight: 3,
  },
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('run' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('lastRun' as const), at: fc.nat(), status: fc.nat(3), start: fc.nat(3) }),
  {
    arbitrary: fc.record({
      kind: fc.constant('favorite' as const),
      at: fc.nat(),
      user: fc.nat(1),
      on: fc.boolean(),
    }),
    weight: 3,
  },
);

/** Present in one query of three: most queries carry one condition or none, as people's do. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary, weight: 1 });

const query: fc.Arbitrary<Omit<PipelineListOptions, 'userId'> & { user: number }> = fc
  .record({
    user: fc.nat(1),
    // `#n` finds the few pipelines of round n (and of 10n...): a keyword with few hits.
    q: sometimes(
      fc.oneof(
        text(3),
        fc.constantFrom('A', 'É', 'e\u0301', '%', '_'),
        fc.integer({ min: 1, max: 60 }).map((n) => `#${n}`),
      ),
    ),
    // An empty value (`?group=`) filters nothing.
    group: sometimes(fc.constantFrom(...GROUPS, '')),
    status: sometimes(fc.constantFrom('success', 'failed', 'running', '')),
    trigger: sometimes(fc.constantFrom('manual', 'push', 'cron', 'api', '')),
    favorite: sometimes(fc.boolean()),
    sort: sometimes(fc.constantFrom('name', 'updatedAt', 'lastRunAt')),
    order: sometimes(fc.constantFrom('asc', 'desc')),
    limit: fc.integer({ min: 1, max: 8 }),
    offset: fc.nat(10),
  })
  .map((q) => Object.fromEntries(Object.entries(q).filter(([, value]) => value !== undefined))) as never;

describe('pipeline list index on sqlite', () => {
  const db = useDatabase('sqlite');

  it('answers every query as the SQL list does, through creates, edits, deletes, runs and favorites', async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { maxLength: 25 }),
        fc.array(query, { minLength: 1, maxLength: 12 }),
        async (ops, queries) => {
          round++;
          // Each round on pipelines of its own: earlier rounds' rows stay, as a long-lived store's do.
          // Writes go through `indexed`; the other two indexes hear them on the same counter and
          // answer every query one way only: by sorting the candidates' places, or by the walk.
          const changes = new ChangeCounter();
          const indexed = createRepositories(db(), changes, undefined, { listIndex: true });
          const sorting = createRepositories(db(), changes, undefined, {
            listIndex: { sortCandidatesBelow: 0 },
          });
          const walking = createRepositories(db(), changes, undefined, {
            listIndex: { sortCandidatesBelow: Infinity },
          });
          const reference = createRepositories(db(), undefined, undefined, { listIndex: false });
          const users = [
            await indexed.users.create({ username: `u${round}a`, role: 'developer', passwordHash: 'x' }),
            await indexed.users.create({ username: `u${round}b`, role: 'developer', passwordHash: 'x' }),
          ];
          const ids: string[] = [];
          const pick = (at: number) => ids[at % ids.length];
          const compare = async () => {
            for (const { user, ...q } of queries) {
              const options = { ...q, userId: users[user]!.id };
              const expected = (await reference.pipelines.listJson(options)).toString();
              expect((await indexed.pipelines.listJson(options)).toString()).toBe(expected);
              expect((await sorting.pipelines.listJson(options)).toString()).toBe(expected);
              expect((await walking.pipelines.listJson(options)).toString()).toBe(expected);
            }
          };
          for (const o of ops) {
            if (o.kind === 'create') {
              // A name taken already is refused by the store, as it is for users.
              const created = await indexed.pipelines
                .create(modelOf(`${o.name}#${round}`, o.description, o.group, o.triggers), users[0]!.id)
                .catch(() => null);
              if (created) ids.push(created.id);
            } else if (ids.length === 0) {
              continue;
            } else if (o.kind === 'update') {
              await indexed.pipelines
                .update(pick(o.at)!, modelOf(`${o.name}#${round}`, o.description, o.group, o.triggers))
                .catch(() => null);
            } else if (o.kind === 'delete') {
              const id = pick(o.at)!;
              await indexed.pipelines.delete(id);
              ids.splice(ids.indexOf(id), 1);
            } else if (o.kind === 'run') {
              await indexed.runs.create(pick(o.at)!, { trigger: 'manual', operatorId: users[0]!.id });
            } else if (o.kind === 'lastRun') {
              // What a run's events do to the row, then the announcement its commit makes.
              const id = pick(o.at)!;
              await db()
                .updateTable('pipelines')
                .set({ last_run_status: STATUSES[o.status]!, last_run_started_at: STARTS[o.start]! })
                .where('id', '=', id)
                .execute();
              indexed.runs.mirrored(id);
            } else {
              await indexed.pipelines.setFavorite(users[o.user]!.id, pick(o.at)!, o.on);
            }
            await compare();
          }
          await compare();
        },
      ),
      { numRuns: 150 },
    );
  });

  /** Repositories with the index, a user of their own, and the total a keyword finds for them. */
  const searchAs = async (username: string) => {
    const repos = createRepositories(db(), undefined, undefined, { listIndex: true });
    const owner = await repos.users.create({ username, role: 'developer', passwordHash: 'x' });
    const found = async (q: string) =>
      (await repos.pipelines.list({ userId: owner.id, q, limit: 10, offset: 0 })).total;
    return { repos, owner, found };
  };

  it("finds a short keyword no longer in an edited pipeline's text nowhere", async () => {
    // The edit leaves the old text's one- to three-unit grams listed under the pipeline's key.
    const { repos, owner, found } = await searchAs('stale-grams');
    const made = await repos.pipelines.create(modelOf('qx-old', 'jk', 0, 0), owner.id);
    expect([await found('q'), await found('qx'), await found('jk')]).toEqual([1, 1, 1]);
    await repos.pipelines.update(made.id, modelOf('zz-new', 'vw', 0, 0));
    expect([await found('q'), await found('qx'), await found('jk'), await found('zz')]).toEqual([0, 0, 0, 1]);
  });

  it('finds no keyword that runs from the end of a name into the description', async () => {
    // The index checks a keyword against name and description joined by NUL; a keyword holding
    // NUL could span the join. Only an edited pipeline's stale grams make it a candidate.
    const { repos, owner, found } = await searchAs('joined-text');
    const made = await repos.pipelines.create(modelOf('жш\u0000', '', 0, 0), owner.id);
    expect(await found('ш\u0000')).toBe(1);
    await repos.pipelines.update(made.id, modelOf('qш', '\u0000r', 0, 0));
    expect([await found('ш\u0000'), await found('qш'), await found('\u0000r')]).toEqual([0, 1, 1]);
  });

  it("filters by a status or group a pipeline took without moving in the list's order", async () => {
    // A query by group or status walks that value's part of the order, kept until it changes.
    const open = openDatabase({ sqliteFile: ':memory:' });
    await migrate(open);
    const repos = createRepositories(open.db, undefined, undefined, { listIndex: true });
    const owner = await repos.users.create({ username: 'parts', role: 'developer', passwordHash: 'x' });
    const [a, b, c] = await Promise.all(
      [modelOf('a', '', 0, 0), modelOf('b', '', 0, 0), modelOf('c', '', 1, 0)].map((m) =>
        repos.pipelines.create(m, owner.id),
      ),
    );
    const fail = async (id: string) => {
      await open.db
        .updateTable('pipelines')
        .set({ last_run_id: `r-${id}`, last_run_number: 1, last_run_status: 'failed' })
        .where('id', '=', id)
        .execute();
      repos.runs.mirrored(id);
    };
    await fail(c!.id);
    const names = async (filter: Partial<PipelineListOptions>) =>
      (await repos.pipelines.list({ userId: owner.id, ...filter, limit: 10, offset: 0 })).items.map(
        (p) => p.name,
      );
    const sorts = ['name', 'updatedAt', 'lastRunAt'] as const;
    for (const sort of sorts) {
      expect(await names({ status: 'failed', sort })).toEqual(['c']);
      expect(await names({ group: GROUPS[1], sort })).toEqual(['c']);
    }
    // WHEN b's last run fails (its place by name stays) and a moves group under the same name
    await fail(b!.id);
    await repos.pipelines.update(a!.id, modelOf('a', '', 1, 0));
    // THEN both filters see it, in every order
    for (const sort of sorts) {
      expect((await names({ status: 'failed', sort })).sort()).toEqual(['b', 'c']);
      expect((await names({ group: GROUPS[1], sort })).sort()).toEqual(['a', 'c']);
    }
    await open.db.destroy();
  });

  it('leaves a deleted favorite out of favorite=true and out of the total of favorite=false', async () => {
    // The keys of a user's favorites are kept with them; a delete must not leave its key behind.
    const open = openDatabase({ sqliteFile: ':memory:' });
    await migrate(open);
    const repos = createRepositories(open.db, undefined, undefined, { listIndex: true });
    const owner = await repos.users.create({ username: 'fav', role: 'developer', passwordHash: 'x' });
    const a = await repos.pipelines.create(modelOf('a', '', 0, 0), owner.id);
    await repos.pipelines.create(modelOf('b', '', 0, 0), owner.id);
    await repos.pipelines.setFavorite(owner.id, a.id, true);
    const page = async (favorite: boolean) => {
      const { items, total } = await repos.pipelines.list({
        userId: owner.id,
        favorite,
        limit: 10,
        offset: 0,
      });
      return { names: items.map((p) => p.name), total };
    };
    expect([await page(true), await page(false)]).toEqual([
      { names: ['a'], total: 1 },
      { names: ['b'], total: 1 },
    ]);
    await repos.pipelines.delete(a.id);
    expect([await page(true), await page(false)]).toEqual([
      { names: [], total: 0 },
      { names: ['b'], total: 1 },
    ]);
    await open.db.destroy();
  });

  it('sorts text as SQLite does: by code point, not by UTF-16 unit', () => {
    // U+FF5E is one UTF-16 unit above the surrogates of U+1F600, yet the smaller code point.
    expect(compareText('\uff5e', '\u{1F600}')).toBeLessThan(0);
    expect('\uff5e' < '\u{1F600}').toBe(false);
    expect(compareText('ab', 'a')).toBeGreaterThan(0);
    expect(compareText('a', 'a')).toBe(0);
  });

  it.each([
    ['through Kysely', false],
    ['from the connection (OpenDatabase.dataVersion)', true],
  ])('reloads what another connection wrote to the file, data_version read %s', async (_, direct) => {
    const dir = mkdtempSync(join(tmpdir(), 'pipewright-index-'));
    try {
      const file = join(dir, 'store.db');
      const open = openDatabase({ sqliteFile: file });
      await migrate(open);
      const repos = createRepositories(open.db, undefined, undefined, {
        dataVersion: direct ? open.dataVersion : undefined,
      });
      const owner = await repos.users.create({ username: 'o', role: 'developer', passwordHash: 'x' });
      const made = await repos.pipelines.create(modelOf('before', '', 0, 0), owner.id);
      const names = async () =>
        (await repos.pipelines.list({ userId: owner.id, limit: 10, offset: 0 })).items.map((p) => p.name);
      expect(await names()).toEqual(['before']);
      // WHEN another process (an admin's sqlite3 shell, a restore) renames it
      const other = new BetterSqlite3(file);
      other.prepare(`update pipelines set name = 'after' where id = ?`).run(made.id);
      other.close();
      // THEN the next read shows it
      expect(await names()).toEqual(['after']);
      // AND so does a read that starts while a transaction of this process has read and waits
      // (data_version keeps its snapshot's value inside one)
      let release = () => {};
      let opened = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const open_ = new Promise<void>((resolve) => (opened = resolve));
      const transaction = open.db.transaction().execute(async (trx) => {
        await trx.selectFrom('users').select('id').execute();
        opened();
        await held;
      });
      await open_;
      const again = new BetterSqlite3(file);
      again.prepare(`update pipelines set name = 'later' where id = ?`).run(made.id);
      again.close();
      const reading = names();
      release();
      await transaction;
      expect(await reading).toEqual(['later']);
      await open.db.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
