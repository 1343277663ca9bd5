import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalExecutor } from '../../../service/executor/local-executor.js';
import { describe, expect, it } from 'vitest';
import { executorContract, finished, start } from '../../support/executor-contract.js';

const MINUTE_MS = 200;

executorContract('local executor', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pw-local-data-'));
  const workspaceRoot = mkdtempSync(join(tmpdir(), 'pw-local-ws-'));
  const make = () => new LocalExecutor({ dataDir, workspaceRoot, minuteMs: MINUTE_MS });
  return { executor: make(), restarted: make, minuteMs: MINUTE_MS };
});

describe('the local executor', () => {
  it("gives a parameter named like a property every object has its own value, not the prototype's", async () => {
    const executor = new LocalExecutor({
      dataDir: mkdtempSync(join(tmpdir(), 'pw-local-data-')),
      workspaceRoot: mkdtempSync(join(tmpdir(), 'pw-local-ws-')),
    });
    const { store } = start(executor, {
      name: 'prototype-names',
      parameters: [
        { name: 'constructor', type: 'string' },
        { name: 'toString', type: 'string', default: 'own default' },
      ],
      stages: [{ name: 'Show', steps: [{ sh: 'echo "[${constructor}][${toString}]"' }] }],
    });
    await store.until('the run to finish', finished(store));
    expect(store.state.run.status).toBe('success');
    expect(store.log).toContain('[][own default]');
  });
});
