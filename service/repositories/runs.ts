import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, RunsTable } from '../db/schema.js';
import type { Run, RunCause } from '../schemas/runs.js';
import { ChangeCounter } from './change-counter.js';
import { DEFAULT_PAGE_SIZE } from '../schemas/common.js';
import { newId, now, toStoredInstant } from './ids.js';

export type { Run, RunCause };

import {
  ACTIVE_RUN_STATUSES,
  FINISHED_RUN_STATUSES,
  RUN_STATUSES,
  TRIGGER_TYPES,
  type RunStatus,
  type TriggerType,
} from '../runs/statuses.js';

export { RUN_STATUSES, TRIGGER_TYPES, type RunStatus, type TriggerType };
export const FINISHED_STATUSES = FINISHED_RUN_STATUSES;

export interface NewRun {
  trigger: TriggerType;
  operatorId: string | null;
  remark?: string;
  parameters?: Record<string, string | boolean>;
  rerunOf?: string | null;
  /** @default 'local' */
  executor?: string;
  /** @default 0 */
  pipelineRevision?: number;
  /** SHA-256 of the run's own credential; without one no executor can report events. */
  tokenHash?: string | null;
  /** The stage tree, in pipeline order. @default [] */
  stages?: { name: string; parent: string | null }[];
  /** The service process doing the work, when that is a process of ours. @default null */
  ownerInstance?: string | null;
  /** What pushed, when a webhook started the run. @default null */
  cause?: RunCause | null;
}

export interface RunListOptions {
  status?: RunStatus;
  trigger?: TriggerType;
  /** Username of who started the run. */
  operator?: string;
  /** Any RFC 3339 instant; compared as a point in time, whatever its offset or precision. */
  from?: string;
  to?: string;
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

/** A run row with the operator's username beside the id. */
type RunRow = Selectable<RunsTable> & { operator: string | null };

function toRun(row: RunRow): Run {
  const started = row.started_at ? Date.parse(row.started_at) : null;
  const finished = row.finished_at ? Date.parse(row.finished_at) : null;
  return {
    id: row.id,
    pipelineId: row.pipeline_id,
    number: Number(row.number),
    status: row.status as RunStatus,
    trigger: row.trigger as TriggerType,
    operator: row.operator,
    operatorId: row.operator_id,
    remark: row.remark,
    parameters: JSON.parse(row.parameters) as Run['parameters'],
    currentStage: row.current_stage,
    rerunOf: row.rerun_of,
    executor: row.executor,
    pipelineRevision: Number(row.pipeline_revision),
    reason: row.reason,
    cause: row.cause ? (JSON.parse(row.cause) as RunCause) : null,
    queuedAt: row.queued_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: started !== null && finished !== null ? finished - started : null,
  };
}

export class RunRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes = new ChangeCounter(),
  ) {}

  /**
   * Creates a run with the pipeline's next number. The counter is bumped and read in the same
   * UPDATE inside the run's transaction, so concurrent triggers never share or skip a number.
   */
  async create(pipelineId: string, input: NewRun): Promise<Run | null> {
    const created = await this.db.transaction().execute(async (trx) => {
      const bumped = await trx
        .updateTable('pipelines')
        .set({ next_run_number: sql`next_run_number + 1` })
        .where('id', '=', pipelineId)
        .returning('next_run_number')
        .executeTakeFirst();
      if (!bumped) return null;
      const row = {
        id: newId(),
        pipeline_id: pipelineId,
        number: Number(bumped.next_run_number) - 1,
        status: 'queued',
        trigger: input.trigger,
        operator_id: input.operatorId,
        remark: input.remark ?? '',
        parameters: JSON.stringify(input.parameters ?? {}),
        current_stage: null,
        rerun_of: input.rerunOf ?? null,
        queued_at: now(),
        started_at: null,
        finished_at: null,
        event_seq: 0,
        executor: input.executor ?? 'local',
        token_hash: input.tokenHash ?? null,
        pipeline_revision: input.pipelineRevision ?? 0,
        reason: null,
        log_bytes: 0,
        log_dropped_bytes: 0,
        owner_instance: input.ownerInstance ?? null,
        cause: input.cause ? JSON.stringify(input.cause) : null,
      };
      await trx.insertInto('runs').values(row).execute();
      const stages = input.stages ?? [];
      // In slices: SQLite allows 32,766 bound variables per statement, and pipelines stored
      // before the stage limit may have more stages than one statement takes.
      for (let i = 0; i < stages.length; i += 1000)
        await trx
          .insertInto('run_stages')
          .values(
            stages.slice(i, i + 1000).map((stage, j) => ({
              run_id: row.id,
              name: stage.name,
              parent: stage.parent,
              position: i + j,
              status: 'pending',
              started_at: null,
              finished_at: null,
            })),
          )
          .execute();
      await this.mirrorOnPipeline(trx, row);
      const operator = input.operatorId
        ? await trx
            .selectFrom('users')
            .select('username')
            .where('id', '=', input.operatorId)
            .executeTakeFirst()
        : undefined;
      return toRun({ ...row, operator: operator?.username ?? null });
    });
    if (created) this.mirrored(pipelineId);
    return created;
  }

  /** Runs with their operator's username. */
  private selectRuns(db: Kysely<Database> = this.db) {
    return db
      .selectFrom('runs')
      .leftJoin('users', 'users.id', 'runs.operator_id')
      .selectAll('runs')
      .select('users.username as operator');
  }

  async findById(id: string): Promise<Run | null> {
    const row = await this.selectRuns().where('runs.id', '=', id).executeTakeFirst();
    return row ? toRun(row) : null;
  }

  async findByNumber(pipelineId: string, number: number): Promise<Run | null> {
    const row = await this.selectRuns()
      .where('runs.pipeline_id', '=', pipelineId)
      .where('runs.number', '=', number)
      .executeTakeFirst();
    return row ? toRun(row) : null;
  }

  /**
   * A page of a pipeline's history. Time bounds are parsed and rewritten in the stored form, so
   * `12:31:00+08:00` and `04:31:00Z` select the same runs and `04:31:18Z` sorts before
   * `04:31:18.480Z`. Bounds that are not instants are the route's job to refuse; here they throw.
   */
  async list(pipelineId: string, o: RunListOptions): Promise<{ items: Run[]; total: number }> {
    let q = this.db
      .selectFrom('runs')
      .leftJoin('users', 'users.id', 'runs.operator_id')
      .where('runs.pipeline_id', '=', pipelineId);
    if (o.status) q = q.where('runs.status', '=', o.status);
    if (o.trigger) q = q.where('runs.trigger', '=', o.trigger);
    if (o.operator) q = q.where('users.username', '=', o.operator);
    if (o.from) q = q.where('runs.queued_at', '>=', instant(o.from, 'from'));
    if (o.to) q = q.where('runs.queued_at', '<', instant(o.to, 'to'));
    const [rows, count] = await Promise.all([
      q
        .selectAll('runs')
        .select('users.username as operator')
        .orderBy('runs.number', o.order ?? 'desc')
        .limit(o.limit ?? DEFAULT_PAGE_SIZE)
        .offset(o.offset ?? 0)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toRun), total: Number(count.n) };
  }

  /**
   * Makes `to` the run's owner if `from` still is; false when another process claimed it first.
   */
  async claimOwner(runId: string, from: string | null, to: string | null): Promise<boolean> {
    const result = await this.db
      .updateTable('runs')
      .set({ owner_instance: to })
      .where('id', '=', runId)
      .where((eb) => (from === null ? eb('owner_instance', 'is', null) : eb('owner_instance', '=', from)))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Runs not finished yet, oldest first, with the process doing their work (if any). */
  async unfinished(): Promise<{ id: string; executor: string; ownerInstance: string | null }[]> {
    const rows = await this.db
      .selectFrom('runs')
      .select(['id', 'executor', 'owner_instance'])
      .where('status', 'in', ACTIVE_RUN_STATUSES)
      .orderBy('queued_at')
      .execute();
    return rows.map((r) => ({ id: r.id, executor: r.executor, ownerInstance: r.owner_instance }));
  }

  /**
   * Gives a run a new credential (only its hash is kept): a restarted service hands a Jenkins
   * run it resumes a fresh one, since the first was never stored.
   */
  async replaceTokenHash(runId: string, tokenHash: string): Promise<void> {
    await this.db.updateTable('runs').set({ token_hash: tokenHash }).where('id', '=', runId).execute();
  }

  /** The run whose credential hashes to this, while it is not finished. */
  async findByTokenHash(runId: string, tokenHash: string): Promise<Run | null> {
    const row = await this.selectRuns(this.db)
      .where('runs.id', '=', runId)
      .where('runs.token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row ? toRun(row) : null;
  }

  /**
   * Mirrors a run's status on its pipeline's "last run" columns (inside the caller's
   * transaction); the caller calls `mirrored` once that transaction committed.
   */
  async mirror(trx: Transaction<Database>, runId: string): Promise<Run | null> {
    const row = await this.selectRuns(trx).where('runs.id', '=', runId).executeTakeFirst();
    if (!row) return null;
    await this.mirrorOnPipeline(trx, row);
    return toRun(row);
  }

  /**
   * Tells the list a pipeline's last run changed. Only after the commit: a list read in between
   * would load the old row and keep it (the index) or cache it (the list cache) as current.
   */
  mirrored(pipelineId: string): void {
    this.changes.bump([pipelineId]);
  }

  private async mirrorOnPipeline(trx: Transaction<Database>, row: Selectable<RunsTable>): Promise<void> {
    await trx
      .updateTable('pipelines')
      .set({
        last_run_id: row.id,
        last_run_number: row.number,
        last_run_status: row.status,
        last_run_stage: row.current_stage,
        last_run_trigger: row.trigger,
        last_run_started_at: row.started_at ?? row.queued_at,
      })
      .where('id', '=', row.pipeline_id)
      .where((eb) => eb.or([eb('last_run_number', 'is', null), eb('last_run_number', '<=', row.number)]))
      .execute();
  }
}

function instant(text: string, bound: string): string {
  const stored = toStoredInstant(text);
  if (stored === null) throw new RangeError(`${bound} is not an RFC 3339 instant: ${JSON.stringify(text)}`);
  return stored;
}
