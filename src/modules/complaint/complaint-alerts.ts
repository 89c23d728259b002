import type { DataSource } from 'typeorm';
import { Role } from '../../auth/role.ts';
import { NotifyStreams } from '../../common/notify-stream.ts';
import type { Context } from '../../context.ts';
import { Region } from '../region/region.entity.ts';
import { listScope } from '../region/region.service.ts';
import { Complaint } from './complaint.entity.ts';
import { COMPLAINT_ALERT_CHANNEL } from './complaint-timer.ts';

/**
 * `complaintOverdue`: complaints escalated to their township by the deadline job, as they happen,
 * inside the subscriber's region (a township coordinator's console). Best effort, like
 * `careAlertRaised`: re-read `complaints(overdue: true)` after reconnecting.
 */
const streams = new NotifyStreams(COMPLAINT_ALERT_CHANNEL);

export const stopComplaintAlerts = (dataSource: DataSource): Promise<void> => streams.stop(dataSource);

export async function watchOverdueComplaints(
  ctx: Context,
  regionGlobalId: string | null | undefined,
): Promise<AsyncIterable<Complaint>> {
  ctx.viewer.assertRole([Role.ADMIN, Role.COUNTY_OFFICIAL, Role.COORDINATOR, Role.SUPERVISOR, Role.MEDIATOR]);
  const scope = await listScope(ctx, regionGlobalId);
  const payloads = await streams.follow(ctx.dataSource, (error) =>
    ctx.logger.warn({ err: { message: error.message.slice(0, 200) } }, 'complaint-alert listener'),
  );
  const em = ctx.dataSource.manager;
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for await (const id of payloads) {
          const complaint = await em.findOneBy(Complaint, { id });
          const region = complaint ? await em.findOneBy(Region, { id: complaint.regionId }) : null;
          if (!complaint || !region || !ctx.viewer.covers(region.path)) continue;
          if (scope && !region.path.includes(scope.id)) continue;
          yield complaint;
        }
      } finally {
        await payloads.return?.();
      }
    },
  };
}
