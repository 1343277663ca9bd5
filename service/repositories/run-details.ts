import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Gate, RunEvent, RunStage } from '../schemas/runs.js';
import { GATE_STATUSES, STAGE_STATUSES, type GateStatus, type StageStatus } from '../runs/statuses.js';

export type { Gate, GateStatus, RunEvent, RunStage, StageStatus };
export { GATE_STATUSES, STAGE_STATUSES };
export const EVENT_KINDS = ['log', 'stage', 'gate', 'note', 'run'] as const;

/** What one backward step of a tail read looks at; a log event holds at most 1 MB. */
const TAIL_STEP_EVENTS = 64;

export interface LogPageOptions {
  afterSeq?: number;
  stage?: string;
  /** Stop once this many bytes of text are in the page; a page holds at least one event. */
  maxBytes: number;
  maxEvents: number;
}

export interface LogTail {
  /** The events holding the last lines; the first may start inside an event's text. */
  events: RunEvent[];
  /** Set when the lines asked for held more than `maxChars`: only the last `maxChars` came. */
  cut: boolean;
}

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
    return rows.map(toEvent);
  }

  /**
   * The next page of a run's log, bounded by bytes as well as events: sizes are read first
   * (octet_length reads a value's length without its text, in SQLite and PostgreSQL alike),
   * so no more than one page of text is ever held.
   */
  async logPage(runId: string, options: LogPageOptions): Promise<RunEvent[]> {
    const sizes = await this.logEvents(runId, options.stage)
      .select(['seq', sql<number | string>`octet_length(data)`.as('size')])
      .where('seq', '>', options.afterSeq ?? 0)
      .orderBy('seq', 'asc')
      .limit(options.maxEvents)
      .execute();
    if (sizes.length === 0) return [];
    let last = Number(sizes[0]!.seq);
    let bytes = 0;
    for (const row of sizes) {
      bytes += Number(row.size);
      if (bytes > options.maxBytes && Number(row.seq) !== Number(sizes[0]!.seq)) break;
      last = Number(row.seq);
    }
    const rows = await this.logEvents(runId, options.stage)
      .selectAll()
      .where('seq', '>', options.afterSeq ?? 0)
      .where('seq', '<=', last)
      .orderBy('seq', 'asc')
      .execute();
    return rows.map(toEvent);
  }

  /** Every page of a run's log in order, one page in memory at a time. */
  async *logPages(runId: string, options: Omit<LogPageOptions, 'afterSeq'>): AsyncGenerator<RunEvent[]> {
    let afterSeq = 0;
    for (;;) {
      const page = await this.logPage(runId, { ...options, afterSeq });
      if (page.length === 0) return;
      yield page;
      afterSeq = page[page.length - 1]!.seq;
    }
  }

  /**
   * The last `lines` lines of a run's log, counted in the text rather than in events: an event
   * may hold many lines or part of one. A final newline ends the last line; it does not start
   * an empty one. Reads backwards in small steps and stops at `maxChars`.
   */
  async logTail(
    runId: string,
    options: { lines: number; stage?: string; afterSeq?: number; maxChars: number },
  ): Promise<LogTail> {
    const taken: RunEvent[] = [];
    let needed = options.lines;
    let chars = 0;
    let before: number | null = null;
    for (;;) {
      let q = this.logEvents(runId, options.stage)
        .selectAll()
        .where('seq', '>', options.afterSeq ?? 0);
      if (before !== null) q = q.where('seq', '<', before);
      const rows = await q.orderBy('seq', 'desc').limit(TAIL_STEP_EVENTS).execute();
      if (rows.length === 0) return { events: taken.reverse(), cut: false };
      for (const row of rows) {
        const event = toEvent(row);
        let end = event.data.length;
        // The log's very last newline ends its last line.
        if (taken.length === 0 && event.data.endsWith('\n')) end -= 1;
        let at = event.data.lastIndexOf('\n', end - 1);
        while (at !== -1 && needed > 1 && end > 0) {
          needed -= 1;
          at = at === 0 ? -1 : event.data.lastIndexOf('\n', at - 1);
        }
        if (at !== -1 && end > 0) {
          // A newline ending this event starts the line in the next one: nothing of it is taken.
          if (at + 1 < event.data.length) taken.push({ ...event, data: event.data.slice(at + 1) });
          return { events: taken.reverse(), cut: false };
        }
        chars += event.data.length;
        if (chars > options.maxChars) {
          taken.push({ ...event, data: event.data.slice(chars - options.maxChars) });
          return { events: taken.reverse(), cut: true };
        }
        taken.push(event);
      }
      before = Number(rows[rows.length - 1]!.seq);
    }
  }

  /** Bytes of a run's log dropped past PIPEWRIGHT_LOG_LIMIT_BYTES; null for no such run. */
  async logDroppedBytes(runId: string): Promise<number | null> {
    const row = await this.db
      .selectFrom('runs')
      .select('log_dropped_bytes')
      .where('id', '=', runId)
      .executeTakeFirst();
    return row ? Number(row.log_dropped_bytes) : null;
  }

  private logEvents(runId: string, stage: string | undefined) {
    let q = this.db.selectFrom('run_events').where('run_id', '=', runId).where('kind', '=', 'log');
    if (stage) q = q.where('stage', '=', stage);
    return q;
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

function toEvent(r: Database['run_events']): RunEvent {
  return {
    seq: Number(r.seq),
    at: r.at,
    kind: r.kind as RunEventInput['kind'],
    stage: r.stage,
    data: r.data,
  };
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
