import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { now } from './ids.js';

/** Delivery ids of webhooks already handled, so a redelivery starts nothing new. */
export class WebhookDeliveryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Records a delivery; false when it was recorded before. One INSERT with ON CONFLICT DO
   * NOTHING, so two copies arriving at once cannot both win, on either store.
   */
  async claim(source: string, deliveryId: string): Promise<boolean> {
    const result = await this.db
      .insertInto('webhook_deliveries')
      .values({ source, delivery_id: deliveryId, received_at: now() })
      .onConflict((oc) => oc.columns(['source', 'delivery_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Forgets a claim whose handling failed before anything started, so the host's retry counts. */
  async release(source: string, deliveryId: string): Promise<void> {
    await this.db
      .deleteFrom('webhook_deliveries')
      .where('source', '=', source)
      .where('delivery_id', '=', deliveryId)
      .execute();
  }

  /** Deletes deliveries received before the instant; returns how many. */
  async prune(before: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('webhook_deliveries')
      .where('received_at', '<', before.toISOString())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
