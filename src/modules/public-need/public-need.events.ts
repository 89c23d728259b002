import type { EntityManager } from 'typeorm';
import type { DomainEvent } from '../../events/domain-event.ts';
import type { BeforeCommitHandler } from '../../events/event-bus.ts';
import { UNMET_STATUSES_SQL } from '../need/need.enums.ts';
import { publishNeedChanges } from './public-need.publish.ts';
import { slices } from '../../db/batch.ts';

/**
 * The needs whose public face an event may have moved: the need itself; an elder's needs when
 * their facts or consent change; for new county weights, every need there that is still
 * waiting or is visible to charities. `publishNeedChanges` then writes only real differences.
 */
async function affectedNeeds(em: EntityManager, events: readonly DomainEvent[]): Promise<string[]> {
  const needs = new Set<string>();
  const elders: string[] = [];
  const counties: string[] = [];
  for (const event of events) {
    if (event.type === 'NeedChanged') needs.add(event.needId);
    else if (event.type === 'PersonChanged') elders.push(event.personId);
    else if (event.type === 'SharingConsentChanged') elders.push(event.elderId);
    else if (event.type === 'PriorityWeightsChanged') counties.push(event.countyId);
  }
  if (elders.length > 0) {
    const rows: { id: string }[] = await em.query('SELECT id FROM need WHERE elder_id = ANY($1)', [elders]);
    for (const row of rows) needs.add(row.id);
  }
  if (counties.length > 0) {
    const rows: { id: string }[] = await em.query(
      `SELECT n.id FROM need n LEFT JOIN public_need pn ON pn.need_id = n.id
        WHERE n.county_id = ANY($1) AND (n.status IN ${UNMET_STATUSES_SQL} OR pn.visible)`,
      [counties],
    );
    for (const row of rows) needs.add(row.id);
  }
  return [...needs];
}

/**
 * Keeps the charities' feed in step with every change, as the transaction's last write (it takes
 * the outbox lock, which must not be held while waiting for anything else: see publishNeedChanges).
 */
export const publishAffectedNeeds: BeforeCommitHandler = async (em, events) => {
  const needIds = await affectedNeeds(em, events);
  for (const slice of slices(needIds)) await publishNeedChanges(em, slice);
};
