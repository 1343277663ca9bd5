import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalExecutor } from '../../../service/executor/local-executor.js';
import { executorContract } from '../../support/executor-contract.js';

const MINUTE_MS = 200;

executorContract('local executor', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pw-local-data-'));
  const workspaceRoot = mkdtempSync(join(tmpdir(), 'pw-local-ws-'));
  const make = () => new LocalExecutor({ dataDir, workspaceRoot, minuteMs: MINUTE_MS });
  return { executor: make(), restarted: make, minuteMs: MINUTE_MS };
});
