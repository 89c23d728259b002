import { Role } from '../../auth/role.ts';
import { forbidden } from '../../common/errors.ts';
import { idOfType } from '../../common/global-id.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { UserErrorCode } from '../../common/user-error.ts';
import type { Context } from '../../context.ts';
import { elderInScope, tied } from '../need/need.checks.ts';
import { NEED_ROLES } from '../need/need.service.ts';
import { SharingConsent } from './sharing-consent.entity.ts';
import type { SetSharingConsentInput } from './sharing-consent.inputs.ts';

export function setSharingConsent(
  ctx: Context,
  input: SetSharingConsentInput,
): Promise<MutationResult<SharingConsent>> {
  return runMutation(ctx, {
    action: 'setSharingConsent',
    input,
    roles: NEED_ROLES,
    reload: (id) => ctx.em.findOneBy(SharingConsent, { elderId: id }).then((row) => row ?? undefined),
    check: async (problems) => {
      const elder = await elderInScope(ctx, input.elderId, problems);
      if (!elder) return undefined;
      if (!elder.isElder)
        problems.add(
          'elderId',
          UserErrorCode.WRONG_KIND,
          'Consent to share needs is recorded for elders aged 60 and over',
        );
      let givenById = elder.id;
      if (input.givenById != null) {
        const id = idOfType(input.givenById, 'Person');
        const person = id ? await ctx.loaders.person.load(id) : undefined;
        if (!person) problems.add('givenById', UserErrorCode.NOT_FOUND, 'No person has this id');
        else givenById = person.id;
      } else if (ctx.viewer.role === Role.FAMILY_PROXY) {
        givenById = ctx.viewer.claims?.personId ?? '';
        if (!givenById) throw forbidden('A FAMILY_PROXY token must name its person');
      }
      if (!problems.any && givenById !== elder.id && !(await tied(ctx, givenById, elder.id))) {
        problems.add(
          'givenById',
          UserErrorCode.NO_TIE,
          'Only the elder or a proxy tied to them can give or withdraw consent',
        );
      }
      if (ctx.viewer.role === Role.FAMILY_PROXY && givenById !== ctx.viewer.claims?.personId) {
        throw forbidden('A family proxy records consent only in their own name');
      }
      if (problems.any) return undefined;
      return async () => {
        await ctx.em.query(
          `INSERT INTO sharing_consent (elder_id, county_id, given_by_id, given_at, withdrawn_at, recorded_by)
           VALUES ($1, $2, $3, now(), CASE WHEN $4 THEN NULL ELSE now() END, $5)
           ON CONFLICT (elder_id) DO UPDATE SET given_by_id = excluded.given_by_id, recorded_by = excluded.recorded_by,
             given_at = CASE WHEN $4 AND sharing_consent.withdrawn_at IS NOT NULL THEN now() ELSE sharing_consent.given_at END,
             withdrawn_at = CASE WHEN $4 THEN NULL ELSE coalesce(sharing_consent.withdrawn_at, now()) END`,
          [elder.id, elder.countyId, givenById, input.consent, ctx.viewer.subject],
        );
        ctx.record({ type: 'SharingConsentChanged', elderId: elder.id });
        const consent = await ctx.em.findOneByOrFail(SharingConsent, { elderId: elder.id });
        return {
          result: consent,
          entityType: 'SharingConsent',
          entityId: elder.id,
          countyId: elder.countyId,
          changedFields: ['consent'],
        };
      };
    },
  });
}
