import crypto from 'node:crypto';
import { IsNull } from 'typeorm';
import { scheduleVisits } from '../visit/visit-schedule.ts';
import { inTransaction } from '../../db/transaction.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { today } from '../../common/time.ts';
import { UserErrorCode } from '../../common/user-error.ts';
import type { Context } from '../../context.ts';
import { activeAssignment, activeAssignmentCount, releaseAssignment } from '../assignment/assignment.service.ts';
import { Need } from '../need/need.entity.ts';
import { NeedStatus } from '../need/need.enums.ts';
import { NeedStatusReason } from '../need/need-status-reason.enum.ts';
import { recordStatus } from '../need/need.service.ts';
import { CareAgreement, CareAgreementNeed, ElderHelperExclusion } from './agreement.entity.ts';
import { AgreementEnder, AgreementParty, AgreementStatus } from './agreement.enums.ts';
import type { AllowHelperAgainInput, EndCareAgreementInput } from './agreement.inputs.ts';
import { Person } from '../person/person.entity.ts';
import { tied } from '../need/need.checks.ts';
import { forbidden } from '../../common/errors.ts';
import { idOfType } from '../../common/global-id.ts';
import {
  viewerPersonId,
  isParty,
  lockedAgreement,
  PARTY_ROLES,
  recordChange,
  regionOf,
  reload,
  written,
} from './agreement.service.ts';

/**
 * Ends an agreement now: its helper stops serving the needs it covers, and those left without
 * a helper are OPEN again for the next run (a focused run, when auto-matching is on).
 */
async function endNow(ctx: Context, agreement: CareAgreement, reason: string): Promise<void> {
  const needIds = (await ctx.em.findBy(CareAgreementNeed, { agreementId: agreement.id })).map((row) => row.needId);
  for (const needId of needIds) {
    const assignment = await activeAssignment(ctx.em, needId, agreement.helperId);
    if (!assignment) continue;
    await releaseAssignment(ctx.em, assignment.id);
    const need = await ctx.em.findOneByOrFail(Need, { id: needId });
    const others = await activeAssignmentCount(ctx.em, needId);
    if (need.status === NeedStatus.MATCHED && others === 0)
      await recordStatus(ctx, need, NeedStatus.OPEN, NeedStatusReason.AGREEMENT_ENDED, null);
  }
  await recordChange(ctx, agreement, AgreementStatus.ENDED, reason);
  ctx.record({ type: 'AgreementEnded', agreementId: agreement.id });
}

export function endCareAgreement(ctx: Context, input: EndCareAgreementInput): Promise<MutationResult<CareAgreement>> {
  return runMutation(ctx, {
    action: 'endCareAgreement',
    input,
    roles: PARTY_ROLES,
    reload: reload(ctx),
    check: async (problems) => {
      const agreement = await lockedAgreement(ctx, input.agreementId, problems);
      if (!agreement) return undefined;
      const officer = ctx.viewer.canWrite((await regionOf(ctx, agreement)).path);
      if (agreement.status === AgreementStatus.ENDED)
        problems.add('agreementId', UserErrorCode.CONFLICT, 'The agreement has already ended');
      const speaksFor =
        input.endedBy === AgreementEnder.ELDER
          ? officer ||
            (await isParty(ctx, agreement, AgreementParty.ELDER)) ||
            (await isParty(ctx, agreement, AgreementParty.PROXY))
          : input.endedBy === AgreementEnder.HELPER
            ? officer || (await isParty(ctx, agreement, AgreementParty.HELPER))
            : officer;
      if (!speaksFor)
        problems.add(
          'endedBy',
          UserErrorCode.OUT_OF_SCOPE,
          'You may end it only as the party you are (the elder or their proxy, the helper), or as an officer of the village',
        );
      if (input.excludeHelper && input.endedBy !== AgreementEnder.ELDER)
        problems.add('excludeHelper', UserErrorCode.INVALID, 'Only the elder bars a helper from being proposed again');
      const withNotice = input.endedBy === AgreementEnder.HELPER && input.noticeDays > 0;
      if (withNotice && agreement.endsOn)
        problems.add(
          'agreementId',
          UserErrorCode.CONFLICT,
          `The helper already asked to end it on ${agreement.endsOn}`,
        );
      if (problems.any) return undefined;
      return async () => {
        const reason = `${input.endedBy}: ${input.reason.trim()}`;
        if (withNotice) {
          const endsOn = new Date(`${today(ctx.config.now())}T00:00:00Z`);
          endsOn.setUTCDate(endsOn.getUTCDate() + input.noticeDays);
          await recordChange(
            ctx,
            agreement,
            agreement.status,
            `end asked with ${input.noticeDays} days' notice: ${reason}`,
            {
              endRequestedAt: new Date(),
              endsOn: endsOn.toISOString().slice(0, 10),
            },
          );
        } else {
          await endNow(ctx, agreement, reason);
        }
        // Ended: its future visits go; ending with notice: those from the last day on.
        await scheduleVisits(ctx.em, today(ctx.config.now()), { agreementId: agreement.id });
        if (input.excludeHelper) {
          const live = await ctx.em.findOneBy(ElderHelperExclusion, {
            elderId: agreement.elderId,
            helperId: agreement.helperId,
            liftedAt: IsNull(),
          });
          if (!live)
            await ctx.em.insert(ElderHelperExclusion, {
              id: crypto.randomUUID(),
              elderId: agreement.elderId,
              helperId: agreement.helperId,
              agreementId: agreement.id,
              reason: input.reason.trim(),
              createdBy: ctx.viewer.subject,
            });
        }
        return written(await ctx.em.findOneByOrFail(CareAgreement, { id: agreement.id }), ['status']);
      };
    },
  });
}

/** The elder allows a helper they barred to be proposed again. */
export function allowHelperAgain(ctx: Context, input: AllowHelperAgainInput): Promise<MutationResult<Person>> {
  return runMutation(ctx, {
    action: 'allowHelperAgain',
    input,
    roles: PARTY_ROLES,
    reload: (id) => ctx.em.findOneBy(Person, { id }).then((row) => row ?? undefined),
    check: async (problems) => {
      const elderId = idOfType(input.elderId, 'Person');
      const elder = elderId ? await ctx.loaders.person.load(elderId) : undefined;
      const region = elder ? await ctx.loaders.region.load(elder.regionId) : undefined;
      if (!elder || !region || !ctx.viewer.covers(region.path)) {
        problems.add('elderId', UserErrorCode.NOT_FOUND, 'No person in your region has this id');
        return undefined;
      }
      const me = viewerPersonId(ctx);
      const mayAllow =
        ctx.viewer.canWrite(region.path) || me === elder.id || (me !== undefined && (await tied(ctx, me, elder.id)));
      if (!mayAllow) throw forbidden('Only the elder, their family or an officer of the village may allow this');
      const helperId = idOfType(input.helperId, 'Helper');
      const live = helperId
        ? await ctx.em.findOneBy(ElderHelperExclusion, { elderId: elder.id, helperId, liftedAt: IsNull() })
        : null;
      if (!live) {
        problems.add('helperId', UserErrorCode.NOT_FOUND, 'The elder has not barred this helper');
        return undefined;
      }
      return async () => {
        await ctx.em.update(
          ElderHelperExclusion,
          { id: live.id },
          { liftedAt: new Date(), liftedBy: ctx.viewer.subject },
        );
        return {
          result: elder,
          entityType: 'Person',
          entityId: elder.id,
          countyId: elder.countyId,
          changedFields: ['excludedHelpers'],
        };
      };
    },
  });
}

/**
 * Agreements whose helper asked to end them, once the notice has run (`ends_on` reached in
 * China): ended as the elder's would be, their needs OPEN again, their future visits removed.
 * Each in its own transaction, with the events its writes recorded handled as a mutation's are.
 * `ctx` is the worker's system context (src/jobs/care-jobs.ts). Returns how many it ended.
 */
export async function endNoticedAgreements(ctx: Context, day: string): Promise<number> {
  const due: { id: string }[] = await ctx.em.query(
    `SELECT id FROM care_agreement WHERE status <> 'ENDED' AND ends_on IS NOT NULL AND ends_on <= $1 ORDER BY id`,
    [day],
  );
  let ended = 0;
  for (const { id } of due) {
    const events = await inTransaction(ctx, async () => {
      const agreement = await ctx.em
        .getRepository(CareAgreement)
        .createQueryBuilder('a')
        .setLock('pessimistic_write')
        .where('a.id = :id', { id })
        .getOne();
      if (!agreement || agreement.status === AgreementStatus.ENDED) return [];
      await endNow(ctx, agreement, 'HELPER: the notice period ended');
      await scheduleVisits(ctx.em, day, { agreementId: agreement.id });
      ended += 1;
      const recorded = ctx.events.drain();
      await ctx.bus.beforeCommit(ctx.em, recorded);
      return recorded;
    });
    await ctx.bus.afterCommit(events);
  }
  return ended;
}
