import { describe, expect, it } from 'vitest';
import { WebhookDeliveryRepository } from '../../../service/repositories/webhook-deliveries.js';
import { DATABASE_KINDS, useDatabase } from '../../support/databases.js';

describe.each(DATABASE_KINDS)('webhook deliveries on %s', (kind) => {
  const db = useDatabase(kind);

  it('claims an id once per source, even when two copies arrive together', async () => {
    const deliveries = new WebhookDeliveryRepository(db());
    const claims = await Promise.all([deliveries.claim('github', 'd-1'), deliveries.claim('github', 'd-1')]);
    expect(claims.sort()).toEqual([false, true]);
    expect(await deliveries.claim('gitlab', 'd-1')).toBe(true);
    await deliveries.release('github', 'd-1');
    expect(await deliveries.claim('github', 'd-1')).toBe(true);
  });

  it('prunes ids received before the cut-off and keeps the newer ones', async () => {
    const deliveries = new WebhookDeliveryRepository(db());
    await db()
      .insertInto('webhook_deliveries')
      .values({ source: 'github', delivery_id: 'old', received_at: '2026-01-01T00:00:00.000Z' })
      .execute();
    await deliveries.claim('github', 'new');
    expect(await deliveries.prune(new Date('2026-06-01T00:00:00Z'))).toBe(1);
    expect(await deliveries.claim('github', 'old')).toBe(true);
    expect(await deliveries.claim('github', 'new')).toBe(false);
  });
});
