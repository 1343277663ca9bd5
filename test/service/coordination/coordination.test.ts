import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeBus } from '../../../service/coordination/change-bus.js';
import { PostgresSession } from '../../../service/coordination/postgres-session.js';
import { AdvisoryLockOwnership, type OwnedWork } from '../../../service/coordination/work-ownership.js';
import { migrate, openDatabase, type OpenDatabase } from '../../../service/db/open-database.js';
import { ChangeCounter } from '../../../service/repositories/change-counter.js';
import { freshDatabaseOptions } from '../../support/databases.js';

const until = async (check: () => boolean, what: string, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('coordination of replicas on one PostgreSQL', () => {
  let url = '';
  let schema = '';
  let drop: () => Promise<void> = async () => {};
  const opened: OpenDatabase[] = [];
  const sessions: PostgresSession[] = [];
  const errors: unknown[] = [];

  const replica = () => {
    const open = openDatabase({ url, pgSchema: schema });
    opened.push(open);
    const session = new PostgresSession({ url, schema, onError: (e) => errors.push(e), minBackoffMs: 20 });
    sessions.push(session);
    return { open, session };
  };

  beforeAll(async () => {
    const fresh = await freshDatabaseOptions('postgres');
    url = fresh.options.url!;
    schema = fresh.options.pgSchema!;
    drop = fresh.drop;
    const first = openDatabase(fresh.options);
    await migrate(first);
    await first.db.destroy();
  });
  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.close()));
    await Promise.all(opened.map((o) => o.db.destroy()));
    await drop();
  });

  it("tells each replica of another's writes, and turns caches off while it cannot hear", async () => {
    const a = replica();
    const b = replica();
    const listA = new ChangeCounter();
    const listB = new ChangeCounter();
    const authB = new ChangeCounter();
    const busA = new ChangeBus(a.open.db, a.session, { list: listA, auth: new ChangeCounter() }, (e) =>
      errors.push(e),
    );
    const busB = new ChangeBus(b.open.db, b.session, { list: listB, auth: authB }, (e) => errors.push(e));
    // Before the bus listens, nothing may be cached.
    expect(listB.reliable).toBe(false);
    await Promise.all([busA.start(), busB.start()]);
    expect(listB.reliable).toBe(true);
    const before = { list: listB.version, auth: authB.version, own: listA.version };
    // WHEN replica A writes a listed thing
    listA.bump();
    // THEN B hears it, for that kind only, and A does not count its own write twice
    await until(() => listB.version > before.list, 'B to hear the write');
    expect(authB.version).toBe(before.auth);
    await new Promise((r) => setTimeout(r, 100));
    expect(listA.version).toBe(before.own + 1);
    // WHEN B's listening connection drops, its caches stop serving until it is back
    b.session.destroyForTest();
    await until(() => !listB.reliable, 'B to mark its counters unreliable');
    await until(() => listB.reliable, 'B to reconnect');
    const afterReconnect = listB.version;
    listA.bump();
    await until(() => listB.version > afterReconnect, 'B to hear writes again after reconnecting');
  });

  it('gives a unit of work to exactly one replica and moves it when the owner dies or leaves', async () => {
    const acquiredBy: string[] = [];
    const work = (name: string): OwnedWork & { doing: boolean } => {
      const w = {
        doing: false,
        acquired() {
          w.doing = true;
          acquiredBy.push(name);
        },
        lost() {
          w.doing = false;
        },
      };
      return w;
    };
    const replicas = [replica(), replica(), replica()].map(
      (r) => new AdvisoryLockOwnership(r.session, r.open.db, 50, (e: unknown) => errors.push(e)),
    );
    const works = replicas.map((o, i) => {
      const w = work(`r${i}`);
      o.own('retention', w);
      return w;
    });
    const others = replicas.map((o, i) => {
      const w = work(`r${i}`);
      o.own('jenkins-poll', w);
      return w;
    });
    await Promise.all(replicas.map((o) => o.claimAll()));
    await new Promise((r) => setTimeout(r, 200));
    expect(works.filter((w) => w.doing)).toHaveLength(1);
    expect(others.filter((w) => w.doing)).toHaveLength(1);
    // WHEN the owner of retention dies (its connection drops and, the process gone, never returns)
    const owner = works.findIndex((w) => w.doing);
    sessions[sessions.length - 3 + owner]!.crashForTest();
    // THEN it stops, and exactly one other replica takes over
    await until(() => !works[owner]!.doing, 'the dead owner to stop');
    await until(() => works.some((w, i) => i !== owner && w.doing), 'another replica to take over');
    await new Promise((r) => setTimeout(r, 200));
    expect(works.filter((w) => w.doing).length).toBeLessThanOrEqual(1);
    // WHEN the new owner shuts down gracefully, the unit moves on again
    const next = works.findIndex((w) => w.doing);
    await replicas[next]!.close();
    await until(
      () => works.some((w, i) => i !== next && w.doing),
      'a third owner after a graceful hand-back',
    );
    expect(works.filter((w) => w.doing)).toHaveLength(1);
    await Promise.all(replicas.map((o) => o.close()));
  });
});
