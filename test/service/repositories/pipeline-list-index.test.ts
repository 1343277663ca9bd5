import fc from 'fast-check';
import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PipelineModel } from '../../../src/index.js';
import { migrate, openDatabase } from '../../../service/db/open-database.js';
import { createRepositories } from '../../../service/repositories/index.js';
import { compareText } from '../../../service/repositories/pipeline-list-index.js';
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
  fc.record({
    kind: fc.constant('update' as const),
    at: fc.nat(),
    name: text(6),
    description: text(10),
    group: fc.nat(2),
    triggers: fc.nat(2),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('run' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('lastRun' as const), at: fc.nat(), status: fc.nat(3), start: fc.nat(3) }),
  fc.record({ kind: fc.constant('favorite' as const), at: fc.nat(), user: fc.nat(1), on: fc.boolean() }),
);

const query: fc.Arbitrary<Omit<PipelineListOptions, 'userId'> & { user: number }> = fc.record(
  {
    user: fc.nat(1),
    q: fc.oneof(text(3), fc.constantFrom('A', 'É', 'e\u0301', '%', '_')),
    group: fc.constantFrom(...GROUPS),
    status: fc.constantFrom('success', 'failed', 'running'),
    trigger: fc.constantFrom('manual', 'push', 'cron', 'api'),
    favorite: fc.boolean(),
    sort: fc.constantFrom('name', 'updatedAt', 'lastRunAt'),
    order: fc.constantFrom('asc', 'desc'),
    limit: fc.integer({ min: 1, max: 8 }),
    offset: fc.nat(10),
  },
  { requiredKeys: ['user', 'limit', 'offset'] },
) as never;

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
          const indexed = createRepositories(db(), undefined, undefined, { listIndex: true });
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
              expect(await indexed.pipelines.listJson(options)).toBe(
                await reference.pipelines.listJson(options),
              );
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
      { numRuns: 60 },
    );
  });

  it('sorts text as SQLite does: by code point, not by UTF-16 unit', () => {
    // U+FF5E is one UTF-16 unit above the surrogates of U+1F600, yet the smaller code point.
    expect(compareText('\uff5e', '\u{1F600}')).toBeLessThan(0);
    expect('\uff5e' < '\u{1F600}').toBe(false);
    expect(compareText('ab', 'a')).toBeGreaterThan(0);
    expect(compareText('a', 'a')).toBe(0);
  });

  it('reloads what another connection wrote to the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipewright-index-'));
    try {
      const file = join(dir, 'store.db');
      const open = openDatabase({ sqliteFile: file });
      await migrate(open);
      const repos = createRepositories(open.db);
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
      await open.db.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
