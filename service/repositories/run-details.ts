import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Gate, RunEvent, RunStage } from '../schemas/runs.js';
import { now } from './ids.js';

export type { Gate, RunEvent, RunStage };

export const STAGE_STATUSES = [
  'pending',
  'running',
  'waiting',
  'success',
  'failed',
  'skipped',
  'aborted',
] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];
export const GATE_STATUSES = ['pending', 'approved', 'aborted', 'timed-out'] as const;
export const EVENT_KINDS = ['log', 'stage', 'gate', 'note'] as const;

export interface RunEventInput {
  kind: (typeof EVENT_KINDS)[number];
  stage?: string | null;
  data: string;
}

/** Stages, events (log lines included) and gates of runs. */
export class RunDetailRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async initStages(runId: string, stages: { name: string; parent: string | null }[]): Promise<void> {
    if (stages.length === 0) return;
    await this.db
      .insertInto('run_stages')
      .values(
        stages.map((s, position) => ({
          run_id: runId,
          name: s.name,
          parent: s.parent,
          position,
          status: 'pending',
          started_at: null,
          finished_at: null,
        })),
      )
      .execute();
  }

  async updateStage(
    runId: string,
    name: string,
    changes: { status: StageStatus; startedAt?: string; finishedAt?: string },
  ): Promise<void> {
    await this.db
      .updateTable('run_stages')
      .set({
        status: changes.status,
        ...(changes.startedAt ? { started_at: changes.startedAt } : {}),
        ...(changes.finishedAt ? { finished_at: changes.finishedAt } : {}),
      })
      .where('run_id', '=', runId)
      .where('name', '=', name)
      .execute();
  }

  async stages(runId: string): Promise<RunStage[]> {
    const rows = await this.db
      .selectFrom('run_stages')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('position')
      .execute();
    return rows.map((r) => ({
      name: r.name,
      parent: r.parent,
      position: Number(r.position),
      status: r.status as StageStatus,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      durationMs: r.started_at && r.finished_at ? Date.parse(r.finished_at) - Date.parse(r.started_at) : null,
    }));
  }

  /**
   * Appends events in one transaction and returns their sequence numbers. When this resolves the
   * events are committed (SQLite: fsynced), which is what an acknowledgement promises.
   */
  async append(runId: string, events: RunEventInput[]): Promise<number[] | null> {
    if (events.length === 0) return [];
    return this.db.transaction().execute(async (trx) => {
      const bumped = await trx
        .updateTable('runs')
        .set({ event_seq: sql`event_seq + ${events.length}` })
        .where('id', '=', runId)
        .returning('event_seq')
        .executeTakeFirst();
      if (!bumped) return null;
      const first = Number(bumped.event_seq) - events.length + 1;
      const at = now();
      await trx
        .insertInto('run_events')
        .values(
          events.map((e, i) => ({
            run_id: runId,
            seq: first + i,
            at,
            kind: e.kind,
            stage: e.stage ?? null,
            data: e.data,
          })),
        )
        .execute();
      return events.map((_, i) => first + i);
    });
  }

  async events(
    runId: string,
    options: {
      afterSeq?: number;
      kind?: RunEventInput['kind'];
      stage?: string;
      limit: number;
      tail?: boolean;
    },
  ): Promise<RunEvent[]> {
    let q = this.db.selectFrom('run_events').selectAll().where('run_id', '=', runId);
    if (options.afterSeq !== undefined) q = q.where('seq', '>', options.afterSeq);
    if (options.kind) q = q.where('kind', '=', options.kind);
    if (options.stage) q = q.where('stage', '=', options.stage);
    const rows = await q
      .orderBy('seq', options.tail ? 'desc' : 'asc')
      .limit(options.limit)
      .execute();
    if (options.tail) rows.reverse();
    return rows.map((r) => ({
      seq: Number(r.seq),
      at: r.at,
      kind: r.kind as RunEventInput['kind'],
      stage: r.stage,
      data: r.data,
    }));
  }

  async createGate(gate: Pick<Gate, 'runId' | 'stage' | 'message' | 'submitters'>): Promise<void> {
    await this.db
      .insertInto('run_gates')
      .values({
        run_id: gate.runId,
        stage: gate.stage,
        message: gate.message,
        submitters: JSON.stringify(gate.submitters),
        status: 'pending',
        decided_by: null,
        decided_at: null,
        comment: null,
        created_at: now(),
      })
      .execute();
  }

  async gate(runId: string, stage: string): Promise<Gate | null> {
    const row = await this.db
      .selectFrom('run_gates')
      .selectAll()
      .where('run_id', '=', runId)
      .where('stage', '=', stage)
      .executeTakeFirst();
    return row ? toGate(row) : null;
  }

  async gates(runId: string): Promise<Gate[]> {
    return (
      await this.db
        .selectFrom('run_gates')
        .selectAll()
        .where('run_id', '=', runId)
        .orderBy('created_at')
        .execute()
    ).map(toGate);
  }

  async pendingGates(): Promise<Gate[]> {
    return (
      await this.db
        .selectFrom('run_gates')
        .selectAll()
        .where('status', '=', 'pending')
        .orderBy('created_at')
        .execute()
    ).map(toGate);
  }

  /** Decides a pending gate; null when it was not pending (already decided or unknown). */
  async decideGate(
    runId: string,
    stage: string,
    decision: { status: Gate['status']; by: string | null; comment?: string },
  ): Promise<Gate | null> {
    const result = await this.db
      .updateTable('run_gates')
      .set({
        status: decision.status,
        decided_by: decision.by,
        decided_at: now(),
        comment: decision.comment ?? null,
      })
      .where('run_id', '=', runId)
      .where('stage', '=', stage)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0 ? this.gate(runId, stage) : null;
  }
}

function toGate(r: Database['run_gates']): Gate {
  return {
    runId: r.run_id,
    stage: r.stage,
    message: r.message,
    submitters: JSON.parse(r.submitters) as Gate['submitters'],
    status: r.status as Gate['status'],
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    comment: r.comment,
    createdAt: r.created_at,
  };
}
