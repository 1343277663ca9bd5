import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Gate, RunEvent, RunStage } from '../schemas/runs.js';
import { GATE_STATUSES, STAGE_STATUSES, type GateStatus, type StageStatus } from '../runs/statuses.js';

export type { Gate, GateStatus, RunEvent, RunStage, StageStatus };
export { GATE_STATUSES, STAGE_STATUSES };
export const EVENT_KINDS = ['log', 'stage', 'gate', 'note', 'run'] as const;

export interface RunEventInput {
  kind: (typeof EVENT_KINDS)[number];
  stage?: string | null;
  data: string;
}

/** Reads stages, events (log lines included) and gates of runs; the run service writes them. */
export class RunDetailRepository {
  constructor(private readonly db: Kysely<Database>) {}

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
