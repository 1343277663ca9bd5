import { describe, expect, it } from 'vitest';
import type { AppliedBatch } from '../../../service/repositories/run-state.js';
import { useService, waitForRun } from '../../support/service.js';

describe('run change listeners', () => {
  const service = useService('sqlite');

  it('hear every status change of a run, in order, and a throwing listener does not undo it', async () => {
    const s = service();
    const heard: string[] = [];
    const off = s.app.runs.onChange((applied: AppliedBatch) => {
      if (applied.changes.run.status) heard.push(applied.changes.run.status);
    });
    const offThrowing = s.app.runs.onChange(() => {
      throw new Error('a broken listener');
    });
    const created = await s.call(s.tokens.developer, {
      method: 'POST',
      url: '/api/templates/test-build/pipelines',
      payload: { name: 'listened', local: true, testCommand: 'true', buildCommand: 'true' },
    });
    const started = await s.call(s.tokens.developer, {
      method: 'POST',
      url: `/api/pipelines/${created.json().id}/runs`,
      payload: {},
    });
    const run = await waitForRun(s, started.json().id);
    off();
    offThrowing();
    expect(run.status).toBe('success');
    expect(heard).toEqual(['running', 'success']);
  });
});
