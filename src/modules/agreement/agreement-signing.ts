import { today } from '../../common/time.ts';
import { scheduleVisits } from '../visit/visit-schedule.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { UserErrorCode, type Problems } from '../../common/user-error.ts';
import type { Context } from '../../context.ts';
import { createAssignment, needsServedBy } from '../assignment/assignment.service.ts';
import { Need } from '../need/need.entity.ts';
import { NeedStatus } from '../need/need.enums.ts';
import { NeedStatusReason } from '../need/need-status-reason.enum.ts';
import { recordStatus } from '../need/need.service.ts';
import { AgreementSignature, CareAgreement, CareAgreementNeed } from './agreement.entity.ts';
import { AgreementParty, AgreementStatus, SignatureChannel } from './agreement.enums.ts';
import type { SignCareAgreementInput } from './agreement.inputs.ts';
import {
  isParty,
  lockedAgreement,
  PARTY_ROLES,
  recordChange,
  regionOf,
  reload,
  requiredParties,
  written,
} from './agreement.service.ts';

/**
 * Signing (issue #15): each party once — in the app by the party themself, on paper or by
 * thumbprint recorded by an officer of the village — and the last signature brings the
 * agreement into force.
 */
/** The name a party signs with: their own (or their organisation's); the witness's is given. */
async function signerNameOf(ctx: Context, agreement: CareAgreement, input: SignCareAgreementInput): Promise<string> {
  if (input.party === AgreementParty.WITNESS) {
    const region = await regionOf(ctx, agreement);
    return input.signerName?.trim() || `${region.name}村民委员会`;
  }
  if (input.party === AgreementParty.HELPER) {
    const helper = (await ctx.loaders.helper.load(agreement.helperId))!;
    if (helper.personId) return (await ctx.loaders.person.load(helper.personId))!.name;
    return (await ctx.loaders.organisation.load(helper.organisationId!))!.name;
  }
  const personId = input.party === AgreementParty.ELDER ? agreement.elderId : agreement.proxyId!;
  return (await ctx.loaders.person.load(personId))!.name;
}

/** Who may record this signature; adds the problem when the viewer may not. */
async function checkSigner(
  ctx: Context,
  agreement: CareAgreement,
  input: SignCareAgreementInput,
  problems: Problems,
): Promise<void> {
  const region = await regionOf(ctx, agreement);
  const officer = ctx.viewer.canWrite(region.path);
  if (input.signatureChannel === SignatureChannel.APP) {
    const self = input.party === AgreementParty.WITNESS ? officer : await isParty(ctx, agreement, input.party);
    if (!self)
      problems.add(
        'party',
        UserErrorCode.OUT_OF_SCOPE,
        'In the app each party signs only for themself (the witness: an officer of the village); an officer records paper and thumbprint signatures',
      );
    return;
  }
  if (!officer)
    problems.add(
      'signatureChannel',
      UserErrorCode.OUT_OF_SCOPE,
      'Only an officer of the village records paper and thumbprint signatures',
    );
  if (input.signatureChannel === SignatureChannel.PAPER && !input.scanRef?.trim())
    problems.add('scanRef', UserErrorCode.REQUIRED, 'A paper signature needs the reference of its scan');
  if (input.signatureChannel === SignatureChannel.THUMBPRINT && !input.witnessName?.trim())
    problems.add('witnessName', UserErrorCode.REQUIRED, 'A thumbprint needs the name of who witnessed it');
}

/**
 * An agreement every party has signed comes into force: each need it covers is served by its
 * helper (an assignment is made where the care was arranged without a match run).
 */
async function activationWrites(ctx: Context, agreement: CareAgreement, problems: Problems) {
  const needIds = (await ctx.em.findBy(CareAgreementNeed, { agreementId: agreement.id })).map((row) => row.needId);
  const needs = await ctx.em
    .getRepository(Need)
    .createQueryBuilder('n')
    .setLock('pessimistic_write')
    .where('n.id = ANY(:needIds)', { needIds })
    .getMany();
  const served = await needsServedBy(ctx.em, agreement.helperId, needIds);
  const toAssign = needs.filter((need) => !served.has(need.id));
  if (toAssign.some((need) => need.status !== NeedStatus.OPEN))
    problems.add(
      'agreementId',
      UserErrorCode.CONFLICT,
      'A need it covers was matched to someone else meanwhile: end this agreement and draft it again',
    );
  return async () => {
    for (const need of toAssign) {
      await createAssignment(ctx.em, {
        countyId: need.countyId,
        needId: need.id,
        helperId: agreement.helperId,
        elderId: need.elderId,
        weeklyMinutes: need.weeklyMinutes,
        createdBy: ctx.viewer.subject,
      });
      await recordStatus(ctx, need, NeedStatus.MATCHED, NeedStatusReason.AGREEMENT_SIGNED, null);
    }
  };
}

export function signCareAgreement(ctx: Context, input: SignCareAgreementInput): Promise<MutationResult<CareAgreement>> {
  return runMutation(ctx, {
    action: 'signCareAgreement',
    input,
    roles: PARTY_ROLES,
    reload: reload(ctx),
    uniqueConstraints: { care_agreement_signature_pkey: 'party' },
    check: async (problems) => {
      const agreement = await lockedAgreement(ctx, input.agreementId, problems);
      if (!agreement) return undefined;
      if (agreement.status !== AgreementStatus.DRAFT)
        problems.add(
          'agreementId',
          UserErrorCode.CONFLICT,
          `The agreement is ${agreement.status}: only a DRAFT is signed`,
        );
      const required = requiredParties(agreement);
      if (!required.includes(input.party))
        problems.add('party', UserErrorCode.INVALID, 'No proxy acts for the elder in this agreement');
      const signed = await ctx.em.findBy(AgreementSignature, { agreementId: agreement.id });
      if (signed.some((s) => s.party === input.party))
        problems.add('party', UserErrorCode.DUPLICATE, `The ${input.party.toLowerCase()} has already signed`);
      await checkSigner(ctx, agreement, input, problems);
      if (problems.any) return undefined;
      const complete = required.every((party) => party === input.party || signed.some((s) => s.party === party));
      const activate = complete ? await activationWrites(ctx, agreement, problems) : undefined;
      if (problems.any) return undefined;
      const signerName = await signerNameOf(ctx, agreement, input);
      return async () => {
        await ctx.em.insert(AgreementSignature, {
          agreementId: agreement.id,
          party: input.party,
          channel: input.signatureChannel,
          signerName,
          recordedBy: ctx.viewer.subject,
          scanRef: input.scanRef?.trim() || null,
          witnessName: input.witnessName?.trim() || null,
        });
        if (activate) {
          await activate();
          await recordChange(ctx, agreement, AgreementStatus.ACTIVE, 'every party signed');
          await scheduleVisits(ctx.em, today(ctx.config.now()), { agreementId: agreement.id });
        }
        return written(await ctx.em.findOneByOrFail(CareAgreement, { id: agreement.id }), ['signatures', 'status']);
      };
    },
  });
}
