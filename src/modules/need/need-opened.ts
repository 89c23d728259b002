import type { DataSource } from 'typeorm';
import type { Context } from '../../context.ts';
import { NotifyStream } from '../../common/notify-stream.ts';
import type { BeforeCommitHandler } from '../../events/event-bus.ts';
import { Region } from '../region/region.entity.ts';
import { listScope } from '../region/region.service.ts';
import { Need } from './need.entity.ts';

/** NOTIFY channel: the id of a need entered, or back to OPEN, when its transaction commits. */
export const NEED_OPENED_CHANNEL = 'huzhu_need_opened';

/** Before commit: one NOTIFY per need opened (delivered only if the write commits). */
export const announceOpenedNeeds: BeforeCommitHandler = async (em, events) => {
  const ids = [...new Set(events.flatMap((event) => (event.type === 'NeedOpened' ? [event.needId] : [])))];
  for (const id of ids) await em.query('SELECT pg_notify($1, $2)', [NEED_OPENED_CHANNEL, id]);
};

const streams = new Map<DataSource, NotifyStream>();

function openedStream(ctx: Context): NotifyStream {
  let stream = streams.get(ctx.dataSource);
  if (!stream) {
    const url = (ctx.dataSource.options as { url: string }).url;
    stream = new NotifyStream(url, NEED_OPENED_CHANNEL, (error) =>
      ctx.logger.warn({ err: { message: error.message.slice(0, 200) } }, 'need-opened listener'),
    );
    streams.set(ctx.dataSource, stream);
  }
  return stream;
}

export async function stopOpenedNeeds(dataSource: DataSource): Promise<void> {
  const stream = streams.get(dataSource);
  streams.delete(dataSource);
  await stream?.stop();
}

/**
 * Needs entered, or back to OPEN, inside `regionGlobalId` (default: the viewer's scope) from now
 * on, each read fresh and shown only if the viewer may read it: a console's worklist updates
 * without polling. Checked like a list (`listScope`) when the subscription starts.
 */
export async function watchOpenedNeeds(
  ctx: Context,
  regionGlobalId: string | null | undefined,
): Promise<AsyncIterable<Need>> {
  ctx.viewer.require();
  const scope = await listScope(ctx, regionGlobalId);
  const ids = await openedStream(ctx).follow();
  const em = ctx.dataSource.manager;
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for await (const id of ids) {
          const need = await em.findOneBy(Need, { id });
          const region = need ? await em.findOneBy(Region, { id: need.regionId }) : null;
          if (!need || !region) continue;
          if (scope && !region.path.includes(scope.id)) continue;
          if (!ctx.viewer.covers(region.path)) continue;
          yield need;
        }
      } finally {
        await ids.return?.();
      }
    },
  };
}
