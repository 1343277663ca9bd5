import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { RunStateRepository, logTruncationMarker } from '../../../service/repositories/run-state.js';
import { DROPPED_HEADER } from '../../../service/routes/runs.js';
import { MAX_STAGES } from '../../../service/routes/pipelines.js';
import type { TestService } from '../../support/service.js';
import { createPipeline, useService } from '../../support/service.js';
import { DATABASE_KINDS } from '../../support/databases.js';

const MiB = 1024 * 1024;

/** A run straight in the store: nothing executes it, so its log holds only what a test writes. */
async function quietRun(s: TestService, name: string) {
  const pipeline = await createPipeline(s, { name, stages: [{ name: 'A', steps: [{ echo: 'x' }] }] });
  const run = await s.app.repos.runs.create(pipeline.id, { trigger: 'api', operatorId: s.users.tester.id });
  if (!run) throw new Error(`no run of ${name}`);
  return run;
}

let logIds = 0;

/** Writes log texts to a run in batches, the way executors report them. */
async function writeLog(s: TestService, runId: string, texts: string[], logLimitBytes?: number, batch = 50) {
  const state = new RunStateRepository(s.app.db, s.app.repos.runs, s.app.databaseKind === 'postgres', {
    logLimitBytes,
  });
  for (let i = 0; i < texts.length; i += batch) {
    const applied = await state.apply(
      runId,
      texts.slice(i, i + batch).map((text) => ({
        id: `log-${logIds++}`,
        type: 'log' as const,
        stage: 'A',
        text,
      })),
    );
    if (!applied) throw new Error(`no run ${runId}`);
  }
}

/** `count` pipeline stages, nested as `groups` stages of parallel branches. */
function manyStages(groups: number, branches: number) {
  return Array.from({ length: groups }, (_, g) => ({
    name: `G${g}`,
    parallel: Array.from({ length: branches }, (_, b) => ({ name: `S${g}-${b}`, steps: [{ echo: 'x' }] })),
  }));
}

describe.each(DATABASE_KINDS)('bounded work on %s', (kind) => {
  const service = useService(kind, { PIPEWRIGHT_LOG_LIMIT_BYTES: '4096' });

  it('refuses a pipeline of 20,000 stages with 400, naming the Jenkins limit, on create and update', async () => {
    const s = service();
    // GIVEN 200 stages of 100 parallel branches each (20,200 stages), under the body size limit
    const huge = { name: 'huge', stages: manyStages(200, 100) };
    const created = await s.call(s.tokens.developer, {
      method: 'POST',
      url: '/api/pipelines',
      payload: huge,
    });
    expect(created.statusCode, created.body.slice(0, 300)).toBe(400);
    const problem = created.json().problems.find((p: { path: string }) => p.path === 'body.stages') as {
      message: string;
    };
    expect(problem.message).toContain('has 20200 stages');
    expect(problem.message).toContain(`at most ${MAX_STAGES}`);
    expect(problem.message).toContain('Method code too large');
    // AND an update is held to the same limit
    const small = await createPipeline(s, { name: 'small', stages: [{ name: 'A', steps: [{ echo: 'x' }] }] });
    const updated = await s.call(s.tokens.developer, {
      method: 'PUT',
      url: `/api/pipelines/${small.id}`,
      payload: huge,
    });
    expect(updated.statusCode).toBe(400);
    expect(updated.body).toContain('Method code too large');
  });

  it('accepts exactly the limit and refuses one stage more', async () => {
    const s = service();
    // GIVEN exactly the limit: half of it groups, each with one parallel branch
    const stages = [
      ...Array.from({ length: MAX_STAGES / 2 }, (_, g) => ({
        name: `G${g}`,
        parallel: [{ name: `S${g}`, steps: [{ echo: 'x' }] }],
      })),
    ];
    const ok = await s.call(s.tokens.developer, {
      method: 'POST',
      url: '/api/pipelines',
      payload: { name: 'at-limit', stages },
    });
    expect(ok.statusCode, ok.body.slice(0, 300)).toBe(201);
    const over = await s.call(s.tokens.developer, {
      method: 'POST',
      url: '/api/pipelines',
      payload: { name: 'over-limit', stages: [...stages, { name: 'Extra', steps: [{ echo: 'x' }] }] },
    });
    expect(over.statusCode).toBe(400);
    expect(over.body).toContain(`has ${MAX_STAGES + 1} stages`);
  });

  it('stores a log up to the cap, then one marker line, and counts what it dropped', async () => {
    const s = service();
    const run = await quietRun(s, 'capped');
    // GIVEN 10 lines of 1000 bytes against a 4096-byte cap, in two batches
    const line = (i: number) => `${String(i).padStart(3, '0')}${'y'.repeat(996)}\n`;
    await writeLog(s, run.id, [0, 1, 2, 3, 4, 5].map(line), 4096);
    await writeLog(s, run.id, [6, 7, 8, 9].map(line), 4096);
    // THEN four lines are kept, one marker follows, and 6000 bytes are counted as dropped
    const download = await s.call(s.tokens.viewer, {
      method: 'GET',
      url: `/api/runs/${run.id}/logs/download`,
    });
    expect(download.body).toBe([0, 1, 2, 3].map(line).join('') + logTruncationMarker(4096));
    expect(download.headers[DROPPED_HEADER]).toBe('6000');
    const read = await s.call(s.tokens.viewer, { method: 'GET', url: `/api/runs/${run.id}/logs` });
    expect(read.json()).toHaveLength(5);
    expect(read.headers[DROPPED_HEADER]).toBe('6000');
  });

  it('counts tail in lines of text, across events holding many lines or parts of one', async () => {
    const s = service();
    const run = await quietRun(s, 'tailed');
    await writeLog(s, run.id, ['a1\na2\na3\n', 'a4\na5', '-cont\na6\n', 'a7\na8\na9\na10\n']);
    const tail = async (n: number, runId = run.id) => {
      const res = await s.call(s.tokens.viewer, { method: 'GET', url: `/api/runs/${runId}/logs?tail=${n}` });
      expect(res.statusCode).toBe(200);
      return (res.json() as { data: string }[]).map((e) => e.data).join('');
    };
    expect(await tail(5)).toBe('a6\na7\na8\na9\na10\n');
    expect(await tail(6)).toBe('a5-cont\na6\na7\na8\na9\na10\n');
    expect(await tail(7)).toBe('a4\na5-cont\na6\na7\na8\na9\na10\n');
    // AND a line that starts at an event's start brings no empty piece of the event before
    const res = await s.call(s.tokens.viewer, { method: 'GET', url: `/api/runs/${run.id}/logs?tail=4` });
    expect((res.json() as { data: string }[]).map((e) => e.data)).toEqual(['a7\na8\na9\na10\n']);
    expect(await tail(100)).toBe('a1\na2\na3\na4\na5-cont\na6\na7\na8\na9\na10\n');
    // AND a log whose last line is unfinished counts that line
    const open = await quietRun(s, 'open-ended');
    await writeLog(s, open.id, ['b1\nb2\n', 'b3\nb4', '-more']);
    expect(await tail(2, open.id)).toBe('b3\nb4-more');
  });

  it('answers ?tail=5 with 5 lines when every event holds 40 KB of lines', async () => {
    const s = service();
    const run = await quietRun(s, 'wide-events');
    const event = (e: number) =>
      Array.from({ length: 400 }, (_, l) => `event ${e} line ${l} ${'z'.repeat(80)}`).join('\n') + '\n';
    await writeLog(
      s,
      run.id,
      Array.from({ length: 5 }, (_, e) => event(e)),
      10 * MiB,
    );
    const res = await s.call(s.tokens.viewer, { method: 'GET', url: `/api/runs/${run.id}/logs?tail=5` });
    const text = (res.json() as { data: string }[]).map((e) => e.data).join('');
    expect(text.split('\n').slice(0, -1)).toEqual(
      [395, 396, 397, 398, 399].map((l) => `event 4 line ${l} ${'z'.repeat(80)}`),
    );
  });
});

describe('a 200 MB log', () => {
  const service = useService('sqlite', { PIPEWRIGHT_LOG_LIMIT_BYTES: String(300 * MiB) });

  it('downloads completely while the process grows by less than 50 MB', async () => {
    const s = service();
    const run = await quietRun(s, 'big-log');
    // GIVEN 3200 events of 64 KiB, 100-character lines, written in 4 MiB batches
    const chunk = (i: number) =>
      Array.from(
        { length: 600 },
        (_, l) => `${String(i).padStart(5, '0')}:${String(l).padStart(3, '0')} ${'q'.repeat(90)}`,
      )
        .join('\n')
        .padEnd(64 * 1024 - 1, '.') + '\n';
    const events = 3200;
    await writeLog(
      s,
      run.id,
      Array.from({ length: events }, (_, i) => chunk(i)),
      300 * MiB,
      64,
    );
    // WHEN it is downloaded over a real socket by a reader that keeps nothing
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = s.app.server.address() as AddressInfo;
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    const received = await new Promise<{ bytes: number; head: string; tail: string }>((resolve, reject) => {
      get(
        {
          port,
          host: '127.0.0.1',
          path: `/api/runs/${run.id}/logs/download`,
          headers: { authorization: `Bearer ${s.tokens.viewer}` },
        },
        (res) => {
          let bytes = 0;
          let head = '';
          let tail = '';
          res.on('data', (data: Buffer) => {
            if (head.length < 20) head += data.toString('latin1', 0, 20);
            tail = (tail + data.toString('latin1', Math.max(0, data.length - 20))).slice(-20);
            bytes += data.length;
            peak = Math.max(peak, process.memoryUsage().rss);
          });
          res.on('end', () => resolve({ bytes, head, tail }));
          res.on('error', reject);
        },
      ).on('error', reject);
    });
    clearInterval(sampler);
    // THEN every byte arrives in order, and memory stayed bounded
    expect(received.bytes).toBe(events * 64 * 1024);
    expect(received.head.startsWith('00000:000 ')).toBe(true);
    expect(received.tail.endsWith('.\n')).toBe(true);
    expect(peak - baseline, `rss grew by ${((peak - baseline) / MiB).toFixed(1)} MiB`).toBeLessThan(50 * MiB);
  }, 60_000);
});
