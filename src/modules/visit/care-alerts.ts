import type { DataSource, EntityManager } from 'typeorm';
import { Role } from '../../auth/role.ts';
import { NotifyStreams } from '../../common/notify-stream.ts';
import type { Context } from '../../context.ts';
import { Region } from '../region/region.entity.ts';
import { listScope } from '../region/region.service.ts';
import type { CareAlert } from './visit-reports.ts';
import { Visit } from './visit.entity.ts';
import { CareAlertKind } from './visit.enums.ts';

/**
 * The alert queue as it happens (issue #15): a visit MISSED or left unconfirmed for 3 days (the
 * sweep), or rated 2 stars or less (confirmVisit), is announced on this NOTIFY channel as
 * `KIND:visitId`, delivered when its transaction commits; `careAlertRaised` streams those inside
 * the subscriber's region to the roles that read the queue.
 */
export const CARE_ALERT_CHANNEL = 'huzhu_care_alert';

export async function announceCareAlert(em: EntityManager, kind: CareAlertKind, visitIds: string[]): Promise<void> {
  if (visitIds.length === 0) return;
  await em.query("SELECT pg_notify($1, $2 || ':' || id) FROM unnest($3::uuid[]) AS id", [
    CARE_ALERT_CHANNEL,
    kind,
    visitIds,
  ]);
}

const streams = new NotifyStreams(CARE_ALERT_CHANNEL);

export const stopCareAlerts = (dataSource: DataSource): Promise<void> => streams.stop(dataSource);

export async function watchCareAlerts(
  ctx: Context,
  regionGlobalId: string | null | undefined,
): Promise<AsyncIterable<CareAlert>> {
  ctx.viewer.assertRole([Role.ADMIN, Role.COUNTY_OFFICIAL, Role.COORDINATOR, Role.SUPERVISOR]);
  const scope = await listScope(ctx, regionGlobalId);
  const payloads = await streams.follow(ctx.dataSource, (error) =>
    ctx.logger.warn({ err: { message: error.message.slice(0, 200) } }, 'care-alert listener'),
  );
  const em = ctx.dataSource.manager;
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for await (const payload of payloads) {
          const [kind, id] = payload.split(':') as [CareAlertKind, string];
          const visit = await em.findOneBy(Visit, { id });
          const region = visit ? await em.findOneBy(Region, { id: visit.regionId }) : null;
          if (!visit || !region || !ctx.viewer.covers(region.path)) continue;
          if (scope && !region.path.includes(scope.id)) continue;
          yield { kind, at: new Date(), visit };
        }
      } finally {
        await payloads.return?.();
      }
    },
  };
}
