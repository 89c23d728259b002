import { idOfType } from '../../common/global-id.ts';
import { lockedById } from '../../db/locked.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { UserErrorCode } from '../../common/user-error.ts';
import type { Context } from '../../context.ts';
import { RectificationTask } from './supervision.entity.ts';
import { RectificationStatus } from './supervision.enums.ts';
import type { CloseRectificationTaskInput } from './supervision.inputs.ts';
import { INSPECTOR_ROLES } from './supervision.service.ts';

/** An officer or supervisor of the region closes a task that was put right, saying what was done. */
export function closeRectificationTask(
  ctx: Context,
  input: CloseRectificationTaskInput,
): Promise<MutationResult<RectificationTask>> {
  return runMutation(ctx, {
    action: 'closeRectificationTask',
    input,
    roles: INSPECTOR_ROLES,
    reload: (id) => ctx.em.findOneBy(RectificationTask, { id }).then((row) => row ?? undefined),
    check: async (problems) => {
      const id = idOfType(input.taskId, 'RectificationTask');
      const task = await lockedById(ctx.em, RectificationTask, id);
      const region = task ? await ctx.loaders.region.load(task.regionId) : undefined;
      if (!task || !region || !ctx.viewer.covers(region.path)) {
        problems.add('taskId', UserErrorCode.NOT_FOUND, 'No rectification task in your region has this id');
        return undefined;
      }
      if (task.status !== RectificationStatus.OPEN)
        problems.add('taskId', UserErrorCode.CONFLICT, 'This task is closed already');
      if (problems.any) return undefined;
      return async () => {
        await ctx.em.update(
          RectificationTask,
          { id: task.id },
          {
            status: RectificationStatus.DONE,
            closedAt: ctx.config.now(),
            closedBy: ctx.viewer.subject,
            closingNote: input.note.trim(),
          },
        );
        return {
          result: await ctx.em.findOneByOrFail(RectificationTask, { id: task.id }),
          entityType: 'RectificationTask',
          entityId: task.id,
          countyId: task.countyId,
          changedFields: ['status'],
        };
      };
    },
  });
}
