import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, TestPlansTable } from '../db/schema.js';
import type { NewTestPlan, TestPlan, TestPlanChanges } from '../schemas/test-plans.js';
import { newId, now } from './ids.js';

export type { TestPlan };

/** Test plans: ordered lists of cases with per-plan overrides. */
export class TestPlanRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private async toPlan(row: Selectable<TestPlansTable>): Promise<TestPlan> {
    const cases = await this.db
      .selectFrom('test_plan_cases as pc')
      .innerJoin('test_cases as c', 'c.id', 'pc.case_id')
      .innerJoin('test_case_groups as g', 'g.id', 'c.group_id')
      .select(['c.id', 'c.name', 'g.service', 'c.level'])
      .where('pc.plan_id', '=', row.id)
      .orderBy('pc.position')
      .execute();
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      environment: row.environment,
      cases,
      env: JSON.parse(row.env) as Record<string, string>,
      parallelism: Number(row.parallelism),
      stopOnFirstFailure: Number(row.stop_on_failure) === 1,
      timeoutMinutes: row.timeout_minutes === null ? null : Number(row.timeout_minutes),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  /** A plan by id or by name (runTestPlan names plans). */
  async find(idOrName: string): Promise<TestPlan | null> {
    // An id wins over a name that happens to spell another plan's id.
    const byId = await this.db
      .selectFrom('test_plans')
      .selectAll()
      .where('id', '=', idOrName)
      .executeTakeFirst();
    const row =
      byId ??
      (await this.db.selectFrom('test_plans').selectAll().where('name', '=', idOrName).executeTakeFirst());
    return row ? this.toPlan(row) : null;
  }

  async list(): Promise<TestPlan[]> {
    const rows = await this.db.selectFrom('test_plans').selectAll().orderBy('name').execute();
    return Promise.all(rows.map((r) => this.toPlan(r)));
  }

  /** Case ids among `ids` that do not exist. */
  async missingCases(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const found = new Set(
      (await this.db.selectFrom('test_cases').select('id').where('id', 'in', ids).execute()).map((r) => r.id),
    );
    return ids.filter((id) => !found.has(id));
  }

  private async writeCases(trx: Transaction<Database>, planId: string, cases: string[]) {
    await trx.deleteFrom('test_plan_cases').where('plan_id', '=', planId).execute();
    if (cases.length)
      await trx
        .insertInto('test_plan_cases')
        .values(cases.map((caseId, position) => ({ plan_id: planId, position, case_id: caseId })))
        .execute();
  }

  async create(input: NewTestPlan): Promise<TestPlan> {
    const at = now();
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('test_plans')
        .values({
          id,
          name: input.name,
          description: input.description ?? '',
          environment: input.environment ?? null,
          env: JSON.stringify(input.env ?? {}),
          parallelism: input.parallelism ?? 1,
          stop_on_failure: input.stopOnFirstFailure ? 1 : 0,
          timeout_minutes: input.timeoutMinutes ?? null,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await this.writeCases(trx, id, input.cases);
    });
    return (await this.find(id))!;
  }

  async update(id: string, changes: TestPlanChanges): Promise<TestPlan | null> {
    const found = await this.db.transaction().execute(async (trx) => {
      const values = {
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.description !== undefined ? { description: changes.description } : {}),
        ...(changes.environment !== undefined ? { environment: changes.environment } : {}),
        ...(changes.env !== undefined ? { env: JSON.stringify(changes.env) } : {}),
        ...(changes.parallelism !== undefined ? { parallelism: changes.parallelism } : {}),
        ...(changes.stopOnFirstFailure !== undefined
          ? { stop_on_failure: changes.stopOnFirstFailure ? 1 : 0 }
          : {}),
        ...(changes.timeoutMinutes !== undefined ? { timeout_minutes: changes.timeoutMinutes } : {}),
        updated_at: now(),
      };
      const result = await trx.updateTable('test_plans').set(values).where('id', '=', id).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      if (changes.cases) await this.writeCases(trx, id, changes.cases);
      return true;
    });
    return found ? this.find(id) : null;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('test_plans').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
