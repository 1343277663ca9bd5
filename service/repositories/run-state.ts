import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  reduceRun,
  type EventRecord,
  type RunChanges,
  type RunInput,
  type RunState,
} from '../runs/reduce-run.js';
import type { GateStatus, RunStatus, StageStatus } from '../runs/statuses.js';
import { now } from './ids.js';
import type { Run, RunRepository } from './runs.js';

/** The default of PIPEWRIGHT_LOG_LIMIT_BYTES. */
export const DEFAULT_LOG_LIMIT_BYTES = 100 * 1024 * 1024;

/** The one line a run's log gets in place of everything past the cap. */
export function logTruncationMarker(limitBytes: number): string {
  return `[pipewright] log truncated: this run's log passed ${limitBytes} bytes (PIPEWRIGHT_LOG_LIMIT_BYTES); later output is dropped and counted\n`;
}

export interface AppliedBatch {
  run: Run;
  changes: RunChanges;
  /** Inputs whose id the run had seen already: they changed nothing. */
  duplicates: number;
}

/**
 * Writes what the run service decides: loads a run's state, lets the lifecycle reducer apply
 * a batch, and stores every change and event record in one transaction, so a run, its stages,
 * its gates and its event history never disagree.
 */
export class RunStateRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly runs: RunRepository,
    private readonly lockRows: boolean,
    private readonly options: { logLimitBytes?: number } = {},
  ) {}

  async apply(runId: string, inputs: RunInput[]): Promise<AppliedBatch | null> {
    const applied = await this.db.transaction().execute(async (trx) => {
      let runQuery = trx
        .selectFrom('runs')
        .select(['status', 'current_stage', 'started_at'])
        .where('id', '=', runId);
      // PostgreSQL: serialise concurrent batches of one run; SQLite has one writer anyway.
      if (this.lockRows) runQuery = runQuery.forUpdate();
      const runRow = await runQuery.executeTakeFirst();
      if (!runRow) return null;
      const { fresh, duplicates } = await this.withoutSeen(trx, runId, inputs);
      const state = await this.load(trx, runId, runRow);
      const at = now();
      const changes = reduceRun(state, fresh, at);
      await this.write(trx, runId, state, changes, at);
      const run = await this.runs.mirror(trx, runId);
      return { run: run!, changes, duplicates };
    });
    if (applied) this.runs.mirrored(applied.run.pipelineId);
    return applied;
  }

  private async withoutSeen(
    trx: Transaction<Database>,
    runId: string,
    inputs: RunInput[],
  ): Promise<{ fresh: RunInput[]; duplicates: number }> {
    const ids = inputs.flatMap((i) => ('id' in i ? [i.id] : []));
    const seen = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await trx
        .selectFrom('run_events')
        .select('event_id')
        .where('run_id', '=', runId)
        .where('event_id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) seen.add(r.event_id!);
    }
    const fresh: RunInput[] = [];
    for (const input of inputs) {
      if ('id' in input) {
        if (seen.has(input.id)) continue;
        seen.add(input.id); // the same id twice in one batch counts once
      }
      fresh.push(input);
    }
    return { fresh, duplicates: inputs.length - fresh.length };
  }

  private async load(
    trx: Transaction<Database>,
    runId: string,
    runRow: { status: string; current_stage: string | null; started_at: string | null },
  ): Promise<RunState> {
    const [stages, gates] = await Promise.all([
      trx
        .selectFrom('run_stages')
        .select(['name', 'parent', 'status'])
        .where('run_id', '=', runId)
        .orderBy('position')
        .execute(),
      trx
        .selectFrom('run_gates')
        .select(['stage', 'status', 'submitters'])
        .where('run_id', '=', runId)
        .execute(),
    ]);
    return {
      run: {
        status: runRow.status as RunStatus,
        currentStage: runRow.current_stage,
        startedAt: runRow.started_at,
      },
      stages: stages.map((s) => ({ name: s.name, parent: s.parent, status: s.status as StageStatus })),
      gates: gates.map((g) => ({
        stage: g.stage,
        status: g.status as GateStatus,
        submitters: JSON.parse(g.submitters) as RunState['gates'][number]['submitters'],
      })),
    };
  }

  private async write(
    trx: Transaction<Database>,
    runId: string,
    state: RunState,
    changes: RunChanges,
    at: string,
  ): Promise<void> {
    const r = changes.run;
    if (Object.keys(r).length > 0) {
      await trx
        .updateTable('runs')
        .set({
          ...(r.status !== undefined ? { status: r.status } : {}),
          ...(r.currentStage !== undefined ? { current_stage: r.currentStage } : {}),
          ...(r.startedAt !== undefined ? { started_at: r.startedAt } : {}),
          ...(r.finishedAt !== undefined ? { finished_at: r.finishedAt } : {}),
          ...(r.reason !== undefined ? { reason: r.reason } : {}),
          // A finished run's credential is worth nothing: forget it.
          ...(changes.finished ? { token_hash: null } : {}),
        })
        .where('id', '=', runId)
        .execute();
    }
    let position = state.stages.length;
    for (const stage of changes.stages.values()) {
      if (stage.added) {
        await trx
          .insertInto('run_stages')
          .values({
            run_id: runId,
            name: stage.name,
            parent: stage.parent ?? null,
            position: position++,
            status: stage.status,
            started_at: stage.startedAt ?? null,
            finished_at: stage.finishedAt ?? null,
          })
          .execute();
        continue;
      }
      await trx
        .updateTable('run_stages')
        .set({
          status: stage.status,
          ...(stage.startedAt ? { started_at: stage.startedAt } : {}),
          ...(stage.finishedAt ? { finished_at: stage.finishedAt } : {}),
        })
        .where('run_id', '=', runId)
        .where('name', '=', stage.name)
        .execute();
    }
    for (const gate of changes.gates.values()) {
      if (gate.opened) {
        await trx
          .insertInto('run_gates')
          .values({
            run_id: runId,
            stage: gate.stage,
            message: gate.opened.message,
            submitters: JSON.stringify(gate.opened.submitters),
            status: gate.status,
            decided_by: null,
            decided_at: null,
            comment: null,
            created_at: at,
          })
          .execute();
        continue;
      }
      await trx
        .updateTable('run_gates')
        .set({
          status: gate.status,
          decided_at: at,
          ...(gate.decidedBy !== undefined ? { decided_by: gate.decidedBy } : {}),
          ...(gate.comment !== undefined ? { comment: gate.comment } : {}),
        })
        .where('run_id', '=', runId)
        .where('stage', '=', gate.stage)
        .execute();
    }
    const records = await this.capLog(trx, runId, changes.records);
    if (records.length === 0) return;
    const bumped = await trx
      .updateTable('runs')
      .set({ event_seq: sql`event_seq + ${records.length}` })
      .where('id', '=', runId)
      .returning('event_seq')
      .executeTakeFirstOrThrow();
    const first = Number(bumped.event_seq) - records.length + 1;
    // Big batches go in slices: SQLite allows 32,766 bound variables per statement.
    for (let i = 0; i < records.length; i += 1000) {
      await trx
        .insertInto('run_events')
        .values(
          records.slice(i, i + 1000).map((e, j) => ({
            run_id: runId,
            seq: first + i + j,
            at,
            kind: e.kind,
            stage: e.stage,
            data: e.data,
            event_id: e.id,
          })),
        )
        .execute();
    }
  }

  /**
   * Keeps a run's log under the cap: log records past it are dropped, the first of them
   * replaced by one marker line (with its id, so a redelivery stays a duplicate), and their
   * bytes counted on the run. Other records always pass.
   */
  private async capLog(
    trx: Transaction<Database>,
    runId: string,
    records: EventRecord[],
  ): Promise<EventRecord[]> {
    if (!records.some((r) => r.kind === 'log')) return records;
    const limit = this.options.logLimitBytes ?? DEFAULT_LOG_LIMIT_BYTES;
    const row = await trx
      .selectFrom('runs')
      .select(['log_bytes', 'log_dropped_bytes'])
      .where('id', '=', runId)
      .executeTakeFirstOrThrow();
    let stored = Number(row.log_bytes);
    let dropped = Number(row.log_dropped_bytes);
    const kept: EventRecord[] = [];
    for (const r of records) {
      if (r.kind !== 'log') {
        kept.push(r);
        continue;
      }
      const size = Buffer.byteLength(r.data);
      if (dropped === 0 && stored + size <= limit) {
        kept.push(r);
        stored += size;
        continue;
      }
      if (dropped === 0) kept.push({ ...r, data: logTruncationMarker(limit) });
      dropped += size;
    }
    await trx
      .updateTable('runs')
      .set({ log_bytes: stored, log_dropped_bytes: dropped })
      .where('id', '=', runId)
      .execute();
    return kept;
  }
}
