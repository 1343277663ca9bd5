import { describe, expect, it } from 'vitest';
import type { PipelineModel } from '../../../src/index.js';
import { migrate } from '../../../service/db/open-database.js';
import { createRepositories } from '../../../service/repositories/index.js';
import type { PipelineListOptions } from '../../../service/repositories/pipelines.js';
import { DATABASE_KINDS, useDatabase, withDatabaseAt } from '../../support/databases.js';

const GROUPS = ['development', 'deployment', 'production'];
const TRIGGER_SETS: NonNullable<PipelineModel['triggers']>[] = [
  [{ type: 'manual' }],
  [{ type: 'push' }],
  [{ type: 'manual' }, { type: 'cron', schedule: 'H 2 * * *' }],
  [{ type: 'push' }, { type: 'api' }],
];

const model = (i: number, group = GROUPS[i % 3]!, triggers = TRIGGER_SETS[i % 4]!): PipelineModel => ({
  name: `svc-${String(i).padStart(2, '0')}`,
  group,
  description: i % 2 ? 'ships the api' : 'nightly',
  triggers,
  stages: [{ name: 'A', steps: [{ echo: 'x' }] }],
});

/** Every combination of the list's filters, each with and without a keyword. */
function filterCombinations(): Partial<PipelineListOptions>[] {
  const combinations: Partial<PipelineListOptions>[] = [];
  for (const group of [undefined, ...GROUPS])
    for (const status of [undefined, 'success', 'failed'] as const)
      for (const trigger of [undefined, 'push', 'cron', 'manual'] as const)
        for (const favorite of [undefined, true, false])
          for (const q of [undefined, 'api', 'i']) combinations.push({ group, status, trigger, favorite, q });
  return combinations;
}

describe.each(DATABASE_KINDS)('pipeline list totals on %s', (kind) => {
  const db = useDatabase(kind);

  it('counts every mix of filters exactly, through creates, moves, runs and deletes', async () => {
    // GIVEN pipelines over three groups and four trigger sets, some favorites, some runs
    const repos = createRepositories(db());
    const owner = await repos.users.create({ username: 'counter', role: 'developer', passwordHash: 'x' });
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) ids.push((await repos.pipelines.create(model(i), owner.id)).id);
    for (const id of ids.filter((_, i) => i % 5 === 0)) await repos.pipelines.setFavorite(owner.id, id, true);
    // What a run's events do to the row, then the announcement its commit makes.
    const setStatus = async (id: string, status: string | null) => {
      await db().updateTable('pipelines').set({ last_run_status: status }).where('id', '=', id).execute();
      repos.runs.mirrored(id);
    };

    const expectExactTotals = async (stage: string) => {
      for (const filter of filterCombinations()) {
        const options = { userId: owner.id, ...filter };
        const whole = await repos.pipelines.list({ ...options, limit: 100, offset: 0 });
        // A full first page of one row does not end the list, so its total is counted.
        const counted = await repos.pipelines.list({ ...options, limit: 1, offset: 0 });
        expect({ stage, filter, total: counted.total }).toEqual({ stage, filter, total: whole.items.length });
      }
    };
    for (const [i, id] of ids.entries())
      if (i % 3 !== 2) await setStatus(id, i % 7 === 0 ? 'failed' : 'success');
    await expectExactTotals('seeded');

    // WHEN pipelines move groups and change triggers, runs end otherwise, and some are deleted
    for (const i of [1, 4, 9])
      await repos.pipelines.update(ids[i]!, model(i, 'production', TRIGGER_SETS[1]!));
    await setStatus(ids[0]!, 'success');
    await setStatus(ids[3]!, null);
    await setStatus(ids[5]!, 'failed');
    for (const i of [2, 7, 10]) await repos.pipelines.delete(ids[i]!);
    await repos.pipelines.setFavorite(owner.id, ids[1]!, true);

    // THEN every total still equals the number of pipelines listed
    await expectExactTotals('changed');
  });

  it('counts the pipelines a store held before the totals table existed', async () => {
    await withDatabaseAt(kind, '0016-jenkinsfile-status', async (open) => {
      const repos = createRepositories(open.db);
      const owner = await repos.users.create({ username: 'early', role: 'developer', passwordHash: 'x' });
      for (let i = 0; i < 6; i++) await repos.pipelines.create(model(i), owner.id);
      await migrate(open);
      await repos.pipelines.create(model(6), owner.id);
      const total = async (o: Partial<PipelineListOptions>) =>
        (await repos.pipelines.list({ userId: owner.id, limit: 1, offset: 0, ...o })).total;
      expect(await total({})).toBe(7);
      expect(await total({ group: 'development' })).toBe(3);
      expect(await total({ trigger: 'push' })).toBe(3);
      expect(await total({ group: 'production', trigger: 'manual' })).toBe(1);
      // Keyword matches of the pipelines from before, found through the index and by a scan.
      expect(await total({ q: 'svc-0' })).toBe(7);
      expect(await total({ q: 'api', group: 'deployment' })).toBe(1);
      expect(await total({ q: 'i', trigger: 'push' })).toBe(3);
    });
  });
});
