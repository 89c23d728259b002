import { In, type EntityManager } from 'typeorm';
import { batchLoader, groupInKeyOrder, type BatchWaves } from '../../common/loader.ts';
import type { PublicNeedEventType } from '../public-need/public-need.enums.ts';
import { WebhookAttempt } from './webhook.entity.ts';

export function webhookLoaders(waves: BatchWaves, em: () => EntityManager) {
  return {
    eventOfPosition: batchLoader<string, { eventId: string; type: PublicNeedEventType } | undefined>(
      waves,
      async (positions) => {
        const rows: { position: string; event_id: string; type: PublicNeedEventType }[] = await em().query(
          'SELECT position::text, event_id, type FROM public_need_event WHERE position = ANY($1::bigint[])',
          [[...positions]],
        );
        const byPosition = new Map(rows.map((row) => [row.position, { eventId: row.event_id, type: row.type }]));
        return positions.map((position) => byPosition.get(String(position)));
      },
    ),
    attemptsOf: batchLoader<string, WebhookAttempt[]>(waves, async (deliveryIds) => {
      const rows = await em()
        .getRepository(WebhookAttempt)
        .find({ where: { deliveryId: In([...deliveryIds]) }, order: { attempt: 'ASC' } });
      return groupInKeyOrder(deliveryIds, rows, (row) => row.deliveryId);
    }),
  };
}
