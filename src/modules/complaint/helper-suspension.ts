import { Role } from '../../auth/role.ts';
import { forbidden } from '../../common/errors.ts';
import { idOfType } from '../../common/global-id.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { UserErrorCode } from '../../common/user-error.ts';
import type { Context } from '../../context.ts';
import type { Helper } from '../helper/helper.entity.ts';
import { canReadHelper } from '../helper/helper.service.ts';
import { HelperSuspension } from './complaint.entity.ts';
import type { ReviewHelperSuspensionInput } from './complaint.inputs.ts';

/**
 * SQL: helpers kept out of new proposals (an upheld serious complaint not yet reviewed). Read by the
 * matching's input (`loadMatchInput`), which treats them as unavailable.
 */
export const SUSPENDED_HELPERS_SQL = 'SELECT helper_id FROM helper_suspension WHERE reviewed_at IS NULL';

/** Who reviews a suspension: a coordinator or official of the helper's region. */
export const REVIEW_ROLES = [Role.ADMIN, Role.COUNTY_OFFICIAL, Role.COORDINATOR];

/** A coordinator (or official) of the helper's region reviews the suspension and lifts it. */
export function reviewHelperSuspension(
  ctx: Context,
  input: ReviewHelperSuspensionInput,
): Promise<MutationResult<Helper>> {
  return runMutation(ctx, {
    action: 'reviewHelperSuspension',
    input,
    roles: REVIEW_ROLES,
    reload: (id) =>
      ctx.em
        .findOneBy(HelperSuspension, { id })
        .then((row) => (row ? ctx.loaders.helper.load(row.helperId) : undefined)),
    check: async (problems) => {
      const id = idOfType(input.helperId, 'Helper');
      const helper = id ? await ctx.loaders.helper.load(id) : undefined;
      if (!helper || !(await canReadHelper(ctx, helper))) {
        problems.add('helperId', UserErrorCode.NOT_FOUND, 'No helper you may read has this id');
        return undefined;
      }
      const region = await ctx.loaders.region.load(helper.regionId);
      if (!region || !ctx.viewer.canWrite(region.path)) throw forbidden('You cannot review helpers of this region');
      const suspension = await ctx.em
        .getRepository(HelperSuspension)
        .createQueryBuilder('s')
        .setLock('pessimistic_write')
        .where('s.helper_id = :id AND s.reviewed_at IS NULL', { id: helper.id })
        .getOne();
      if (!suspension) {
        problems.add('helperId', UserErrorCode.CONFLICT, 'This helper is not suspended');
        return undefined;
      }
      return async () => {
        await ctx.em.query(
          'UPDATE helper_suspension SET reviewed_at = now(), reviewed_by = $2, review_text = $3 WHERE id = $1',
          [suspension.id, ctx.viewer.subject, input.text.trim()],
        );
        return {
          result: helper,
          entityType: 'HelperSuspension',
          entityId: suspension.id,
          countyId: helper.countyId,
          changedFields: ['reviewedAt', 'reviewText'],
        };
      };
    },
  });
}
