import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideBuildUser } from '../../../service/executor/build-user.js';
import { createPipeline, startRun, useService, waitForRun } from '../../support/service.js';

const SERVICE_SECRET = 'cloud-key-the-service-holds-7f3a';
const isRoot = process.getuid?.() === 0;

describe('local builds cannot reach the service', () => {
  // The service process holds a secret in its environment, as a cloud key would be.
  process.env.PIPEWRIGHT_TEST_CLOUD_KEY = SERVICE_SECRET;
  const service = useService('sqlite');

  it("GIVEN a developer's build that reads the service's environment and writes its database THEN it sees no secret and cannot write", async () => {
    const s = service();
    const db = join(s.dataDir, 'test.sqlite');
    const before = readFileSync(db);
    const pipeline = await createPipeline(s, {
      name: 'attack',
      stages: [
        { name: 'Env', steps: [{ sh: 'env; echo "key=$PIPEWRIGHT_TEST_CLOUD_KEY"' }] },
        {
          name: 'Write',
          steps: [
            { sh: `echo "UPDATE users SET role='admin'" >> ${db} && echo "WROTE-THE-DATABASE-$((40+2))"` },
          ],
        },
      ],
    });
    const run = await waitForRun(s, (await startRun(s, pipeline.id)).id);
    const log = (await s.call(s.tokens.viewer, { method: 'GET', url: `/api/runs/${run.id}/logs/download` }))
      .body;
    expect(log).not.toContain(SERVICE_SECRET);
    expect(log).not.toContain('PIPEWRIGHT_ADMIN_PASSWORD');
    expect(log).toContain('PIPEWRIGHT_RUN_TOKEN='); // the run's own credential is all it gets
    // The workspace is not inside the data directory.
    const workspace = /in (\S+)\n/.exec(log)![1]!;
    expect(workspace.startsWith(s.dataDir + '/')).toBe(false);
    if (isRoot) {
      // Run as root, the service runs builds as an unprivileged user, so the write is refused.
      expect(run.stages.map((st: { status: string }) => st.status)).toEqual(['success', 'failed']);
      expect(log).not.toContain('WROTE-THE-DATABASE-42');
      expect(readFileSync(db).subarray(0, before.length).equals(before)).toBe(true);
      expect(statSync(workspace).uid).not.toBe(0);
    }
  });

  it('refuses to run builds as root unless told to, saying why', () => {
    const lookup = (name: string) => (name === 'builder' ? { name, uid: 1500, gid: 1500 } : null);
    expect(decideBuildUser({ allowRootBuilds: false }, 0, lookup)).toEqual({
      refused: expect.stringMatching(/do not run as root.*"nobody" does not exist/),
    });
    expect(decideBuildUser({ buildUser: 'builder', allowRootBuilds: false }, 0, lookup)).toEqual({
      runAs: { name: 'builder', uid: 1500, gid: 1500 },
    });
    expect(decideBuildUser({ allowRootBuilds: true }, 0, lookup)).toEqual({ runAs: null });
    expect(decideBuildUser({ allowRootBuilds: false }, 1000, lookup)).toEqual({ runAs: null });
    expect(decideBuildUser({ buildUser: 'builder', allowRootBuilds: false }, 1000, lookup)).toEqual({
      refused: expect.stringMatching(/needs the service to run as root/),
    });
    expect(
      decideBuildUser({ buildUser: 'root', allowRootBuilds: false }, 0, () => ({
        name: 'root',
        uid: 0,
        gid: 0,
      })),
    ).toEqual({ refused: expect.stringMatching(/is root/) });
  });

  it('keeps no workspace below the data directory', () => {
    expect(readdirSync(service().dataDir)).not.toContain('workspaces');
  });
});
