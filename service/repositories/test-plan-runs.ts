import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, TestCaseResultsTable, TestPlanRunsTable } from '../db/schema.js';
import { VERDICT_OF, type TestPlanRunType } from '../contracts/test-plans.js';
import { DEFAULT_PAGE_SIZE } from '../schemas/common.js';
import type { CaseStats } from '../schemas/test-cases.js';
import type { CaseResult, CaseResultListQuery, PlanRunListQuery } from '../schemas/test-plans.js';
import type { CaseStatus } from '../test-plans/case-statuses.js';
import { reducePlanRun, type PlanRunChanges, type PlanRunInput } from '../test-plans/reduce-plan-run.js';
import { ACTIVE_RUN_STATUSES, type RunStatus } from '../runs/statuses.js';
import { newId, now, toStoredInstant } from './ids.js';

export type PlanRun = TestPlanRunType;

export interface NewPlanRun {
  plan: { id: string; name: string };
  cases: { id: string; name: string }[];
  trigger: 'manual' | 'api';
  operatorId: string | null;
  runner: 'local' | 'cluster';
  environment: string | null;
  build: string | null;
  commit: string | null;
  /** The service process doing the run's work. @default null */
  ownerInstance?: string | null;
}

export interface AppliedPlanBatch {
  run: PlanRun;
  changes: PlanRunChanges;
}

type RunRow = Selectable<TestPlanRunsTable> & { operator: string | null };

function toPlanRun(r: RunRow): PlanRun {
  const status = r.status as RunStatus;
  return {
    id: r.id,
    plan: r.plan_name,
    planId: r.plan_id,
    status: VERDICT_OF[status],
    runStatus: status,
    runner: r.runner as PlanRun['runner'],
    total: Number(r.total),
    passed: Number(r.passed),
    failed: Number(r.failed),
    notRunnable: Number(r.not_runnable),
    environment: r.environment,
    build: r.build,
    commit: r.commit_sha,
    trigger: r.trigger,
    operator: r.operator,
    reason: r.reason,
    queuedAt: r.queued_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

const toResult = (r: Selectable<TestCaseResultsTable>): CaseResult => ({
  runId: r.run_id,
  position: Number(r.position),
  caseId: r.case_id,
  caseName: r.case_name,
  status: r.status as CaseStatus,
  attempts: Number(r.attempts),
  message: r.message,
  output: r.output,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

/**
 * Plan runs and their case results: history that outlives plans and cases. Every change goes
 * through `apply`, which lets the plan-run reducer decide and writes its changes in one
 * transaction.
 */
export class TestPlanRunRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly lockRows: boolean,
  ) {}

  private selectRuns() {
    return this.db
      .selectFrom('test_plan_runs as r')
      .leftJoin('users as u', 'u.id', 'r.operator_id')
      .selectAll('r')
      .select('u.username as operator');
  }

  async create(input: NewPlanRun): Promise<PlanRun> {
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('test_plan_runs')
        .values({
          id,
          plan_id: input.plan.id,
          plan_name: input.plan.name,
          status: 'queued',
          trigger: input.trigger,
          operator_id: input.operatorId,
          runner: input.runner,
          environment: input.environment,
          build: input.build,
          commit_sha: input.commit,
          owner_instance: input.ownerInstance ?? null,
          total: input.cases.length,
          passed: 0,
          failed: 0,
          not_runnable: 0,
          reason: null,
          queued_at: now(),
          started_at: null,
          finished_at: null,
        })
        .execute();
      if (input.cases.length)
        await trx
          .insertInto('test_case_results')
          .values(
            input.cases.map((c, position) => ({
              run_id: id,
              position,
              case_id: c.id,
              case_name: c.name,
              status: 'pending',
              attempts: 0,
              message: null,
              output: '',
              started_at: null,
              finished_at: null,
            })),
          )
          .execute();
    });
    return (await this.find(id))!;
  }

  async find(id: string): Promise<PlanRun | null> {
    const row = await this.selectRuns().where('r.id', '=', id).executeTakeFirst();
    return row ? toPlanRun(row) : null;
  }

  async apply(runId: string, inputs: PlanRunInput[]): Promise<AppliedPlanBatch | null> {
    return this.db.transaction().execute(async (trx) => {
      let runQuery = trx
        .selectFrom('test_plan_runs')
        .select(['status', 'started_at'])
        .where('id', '=', runId);
      // PostgreSQL: serialise concurrent batches of one run; SQLite has one writer anyway.
      if (this.lockRows) runQuery = runQuery.forUpdate();
      const row = await runQuery.executeTakeFirst();
      if (!row) return null;
      const cases = await trx
        .selectFrom('test_case_results')
        .select(['position', 'status'])
        .where('run_id', '=', runId)
        .execute();
      const changes = reducePlanRun(
        {
          run: { status: row.status as RunStatus, startedAt: row.started_at },
          cases: cases.map((c) => ({ position: Number(c.position), status: c.status as CaseStatus })),
        },
        inputs,
        now(),
      );
      for (const [position, c] of changes.cases)
        await trx
          .updateTable('test_case_results')
          .set({
            status: c.status,
            ...(c.attempts !== undefined ? { attempts: c.attempts } : {}),
            ...(c.message !== undefined ? { message: c.message } : {}),
            ...(c.output !== undefined ? { output: c.output } : {}),
            ...(c.startedAt !== undefined ? { started_at: c.startedAt } : {}),
            ...(c.finishedAt !== undefined ? { finished_at: c.finishedAt } : {}),
          })
          .where('run_id', '=', runId)
          .where('position', '=', position)
          .execute();
      const r = changes.run;
      await trx
        .updateTable('test_plan_runs')
        .set({
          passed: changes.counts.passed,
          failed: changes.counts.failed,
          not_runnable: changes.counts.notRunnable,
          ...(r.status ? { status: r.status } : {}),
          ...(r.startedAt ? { started_at: r.startedAt } : {}),
          ...(r.finishedAt ? { finished_at: r.finishedAt } : {}),
          ...(r.reason ? { reason: r.reason } : {}),
        })
        .where('id', '=', runId)
        .execute();
      const run = await trx
        .selectFrom('test_plan_runs as r')
        .leftJoin('users as u', 'u.id', 'r.operator_id')
        .selectAll('r')
        .select('u.username as operator')
        .where('r.id', '=', runId)
        .executeTakeFirstOrThrow();
      return { run: toPlanRun(run), changes };
    });
  }

  async results(runId: string): Promise<CaseResult[]> {
    const rows = await this.db
      .selectFrom('test_case_results')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('position')
      .execute();
    return rows.map(toResult);
  }

  /** Plan runs not finished yet, with the process doing their work (if known). */
  async unfinished(): Promise<{ id: string; ownerInstance: string | null }[]> {
    const rows = await this.db
      .selectFrom('test_plan_runs')
      .select(['id', 'owner_instance'])
      .where('status', 'in', ACTIVE_RUN_STATUSES)
      .execute();
    return rows.map((r) => ({ id: r.id, ownerInstance: r.owner_instance }));
  }

  /** A page of plan runs, newest first unless asked otherwise. `planId` is already resolved. */
  async list(
    q: Omit<PlanRunListQuery, 'plan'> & { planId?: string },
  ): Promise<{ items: PlanRun[]; total: number }> {
    let query = this.selectRuns();
    if (q.planId) query = query.where('r.plan_id', '=', q.planId);
    if (q.status) query = query.where('r.status', '=', q.status);
    if (q.from) query = query.where('r.queued_at', '>=', toStoredInstant(q.from) ?? q.from);
    if (q.to) query = query.where('r.queued_at', '<', toStoredInstant(q.to) ?? q.to);
    if (q.caseId) {
      const caseId = q.caseId;
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('test_case_results as cr')
            .select('cr.run_id')
            .whereRef('cr.run_id', '=', 'r.id')
            .where('cr.case_id', '=', caseId),
        ),
      );
    }
    const { total } = await query
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('total'))
      .executeTakeFirstOrThrow();
    const order = q.order ?? 'desc';
    const rows = await query
      .orderBy('r.queued_at', order)
      .orderBy('r.id', order)
      .limit(q.limit ?? DEFAULT_PAGE_SIZE)
      .offset(q.offset ?? 0)
      .execute();
    return { items: rows.map(toPlanRun), total: Number(total) };
  }

  /** A case's results across plan runs, newest first. */
  async caseHistory(
    caseId: string,
    q: Omit<CaseResultListQuery, 'plan'> & { planId?: string },
  ): Promise<{ items: CaseResult[]; total: number }> {
    let query = this.db
      .selectFrom('test_case_results as cr')
      .innerJoin('test_plan_runs as r', 'r.id', 'cr.run_id')
      .selectAll('cr')
      .where('cr.case_id', '=', caseId);
    if (q.planId) query = query.where('r.plan_id', '=', q.planId);
    if (q.status) query = query.where('cr.status', '=', q.status);
    if (q.from) query = query.where('cr.finished_at', '>=', toStoredInstant(q.from) ?? q.from);
    if (q.to) query = query.where('cr.finished_at', '<', toStoredInstant(q.to) ?? q.to);
    const { total } = await query
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('total'))
      .executeTakeFirstOrThrow();
    const rows = await query
      .orderBy('r.queued_at', 'desc')
      .orderBy('cr.position')
      .limit(q.limit ?? DEFAULT_PAGE_SIZE)
      .offset(q.offset ?? 0)
      .execute();
    return { items: rows.map(toResult), total: Number(total) };
  }

  /**
   * Pass rate and flakiness of each case over its last `last` passed-or-failed results, in one
   * query: a window numbers each case's results newest first (the case_id, finished_at index),
   * a second one compares each result with the one before it.
   */
  async caseStats(caseIds: string[], last: number): Promise<CaseStats[]> {
    if (caseIds.length === 0) return [];
    const { rows } = await sql<{ case_id: string; runs: string; passed: string; flips: string }>`
      WITH latest AS (
        SELECT case_id, status, ROW_NUMBER() OVER (PARTITION BY case_id ORDER BY finished_at DESC, run_id DESC) AS n
        FROM test_case_results
        WHERE case_id IN (${sql.join(caseIds)}) AND status IN ('passed', 'failed') AND finished_at IS NOT NULL
      ), compared AS (
        SELECT case_id, status, LAG(status) OVER (PARTITION BY case_id ORDER BY n) AS newer
        FROM latest WHERE n <= ${last}
      )
      SELECT case_id, COUNT(*) AS runs,
        SUM(CASE WHEN status = 'passed' THEN 1 ELSE 0 END) AS passed,
        SUM(CASE WHEN newer IS NOT NULL AND newer <> status THEN 1 ELSE 0 END) AS flips
      FROM compared GROUP BY case_id`.execute(this.db);
    const byCase = new Map(rows.map((r) => [r.case_id, r]));
    return caseIds.map((caseId) => {
      const r = byCase.get(caseId);
      const runs = Number(r?.runs ?? 0);
      const passed = Number(r?.passed ?? 0);
      const flips = Number(r?.flips ?? 0);
      return {
        caseId,
        runs,
        passed,
        passRate: runs ? passed / runs : null,
        flips,
        flakiness: runs >= 2 ? flips / (runs - 1) : null,
      };
    });
  }
}
