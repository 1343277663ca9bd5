import { describe, expect, it } from 'vitest';
import { useService } from '../../support/service.js';

// A group names the pipeline's Jenkins folder and decides which rules apply (production), so a
// group that only looks like another one, or reaches into another folder, is refused.
describe('pipeline group names', () => {
  const service = useService('sqlite');

  it.each(['production/', '/', 'a/b', '../production', 'production ', ' production', 'prod\u0000'])(
    'refuses %j with a 400 naming body.group',
    async (group) => {
      const s = service();
      const res = await s.call(s.tokens.developer, {
        method: 'POST',
        url: '/api/pipelines',
        payload: { name: 'sneaky', group, stages: [{ name: 'A', steps: [{ sh: 'true' }] }] },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().problems).toContainEqual(expect.objectContaining({ path: 'body.group' }));
    },
  );

  it('accepts the usual names', async () => {
    const s = service();
    for (const group of ['development', 'team-a.web_1'])
      expect(
        (
          await s.call(s.tokens.developer, {
            method: 'POST',
            url: '/api/pipelines',
            payload: { name: `ok-${group}`, group, stages: [{ name: 'A', steps: [{ sh: 'true' }] }] },
          })
        ).statusCode,
      ).toBe(201);
  });
});
