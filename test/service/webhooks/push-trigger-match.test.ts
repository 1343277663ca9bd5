import { describe, expect, it } from 'vitest';
import { pushTriggerMatches } from '../../../service/webhooks/push-trigger-match.js';
import { refTarget } from '../../../service/webhooks/push-event.js';

const push = (ref: string) => refTarget(ref);

describe('which pushes a push trigger asks for', () => {
  it('takes every branch and no tag when it names neither', () => {
    expect(pushTriggerMatches({ type: 'push' }, push('refs/heads/feature/x'))).toBe(true);
    expect(pushTriggerMatches({ type: 'push' }, push('refs/tags/v1.0.0'))).toBe(false);
  });

  it('matches branches and tags by glob, * within a segment and ** across', () => {
    const trigger = { type: 'push' as const, branches: ['main', 'release/*'], tags: ['v*', 'rc/**'] };
    expect(pushTriggerMatches(trigger, push('refs/heads/main'))).toBe(true);
    expect(pushTriggerMatches(trigger, push('refs/heads/release/2.0'))).toBe(true);
    expect(pushTriggerMatches(trigger, push('refs/heads/release/2.0/hotfix'))).toBe(false);
    expect(pushTriggerMatches(trigger, push('refs/heads/mainline'))).toBe(false);
    expect(pushTriggerMatches(trigger, push('refs/tags/v2.0.0'))).toBe(true);
    expect(pushTriggerMatches(trigger, push('refs/tags/rc/eu/1'))).toBe(true);
    expect(pushTriggerMatches(trigger, push('refs/tags/nightly'))).toBe(false);
  });

  it('takes no branch with branches: [], and nothing for refs that are neither', () => {
    expect(pushTriggerMatches({ type: 'push', branches: [], tags: ['v*'] }, push('refs/heads/main'))).toBe(
      false,
    );
    expect(pushTriggerMatches({ type: 'push' }, push('refs/notes/commits'))).toBe(false);
  });
});
