import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { ConnectionType, type Connection } from '../../common/connection.ts';
import { toGlobalId } from '../../common/global-id.ts';
import type { MutationResult } from '../../common/mutation.ts';
import type { Context } from '../../context.ts';
import { CareAgreement } from '../agreement/agreement.entity.ts';
import { Helper } from '../helper/helper.entity.ts';
import { Visit } from '../visit/visit.entity.ts';
import { canReadHelper } from '../helper/helper.service.ts';
import { Person } from '../person/person.entity.ts';
import { readablePersonOrNull } from '../person/person.service.ts';
import { Region } from '../region/region.entity.ts';
import { Complaint, ComplaintStep, HelperSuspension } from './complaint.entity.ts';
import { ComplaintSubjectKind } from './complaint.enums.ts';
import {
  ChangeComplaintPayload,
  ComplaintFiguresArgs,
  ComplaintsArgs,
  ComplaintStepInput,
  DecideComplaintInput,
  ReviewHelperSuspensionInput,
  ReviewHelperSuspensionPayload,
  SubmitComplaintInput,
  SubmitComplaintPayload,
} from './complaint.inputs.ts';
import {
  canReadComplaint,
  canReadComplaintText,
  canSeeComplainant,
  listComplaints,
  requireReadableComplaint,
  submitComplaint,
} from './complaint.service.ts';
import {
  acknowledgeComplaint,
  escalateComplaint,
  resolveComplaint,
  ruleOnComplaint,
  startMediation,
} from './complaint-handling.ts';
import { ComplaintFigures, complaintFigures } from './complaint-reports.ts';
import { watchOverdueComplaints } from './complaint-alerts.ts';
import { reviewHelperSuspension } from './helper-suspension.ts';

export const ComplaintConnection = ConnectionType(Complaint, 'Complaint');

const SUBJECT_TYPE: Record<ComplaintSubjectKind, string> = {
  VISIT: 'Visit',
  CARE_AGREEMENT: 'CareAgreement',
  PERSON: 'Person',
  ORGANISATION: 'Organisation',
};

@Resolver(() => Complaint)
export class ComplaintResolver {
  @Query(() => ComplaintConnection, {
    description:
      'Complaints in a region\u2019s subtree, newest first. Helpers and family members see only those they filed or that concern them; charities none.',
  })
  complaints(@Args(() => ComplaintsArgs) args: ComplaintsArgs, @Ctx() ctx: Context): Promise<Connection<Complaint>> {
    return listComplaints(ctx, args);
  }

  @Query(() => Complaint, {
    nullable: true,
    description: 'Null, with a NOT_FOUND or FORBIDDEN error, when unreadable.',
  })
  complaint(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Complaint> {
    return requireReadableComplaint(ctx, id);
  }

  @Query(() => [ComplaintFigures], {
    description:
      'How fast complaints were answered (SLA): received, time to acknowledge and to resolve, share acknowledged within the county\u2019s hours, per region of the level asked for inside your scope.',
  })
  complaintFigures(
    @Args(() => ComplaintFiguresArgs) args: ComplaintFiguresArgs,
    @Ctx() ctx: Context,
  ): Promise<ComplaintFigures[]> {
    return complaintFigures(ctx, args);
  }

  @Subscription(() => Complaint, {
    description:
      'Complaints escalated to their township because nobody acknowledged them in time, as it happens, in a region of your scope. Best effort: re-read `complaints(overdue: true)` after reconnecting.',
    subscribe: ({ args, context }) =>
      watchOverdueComplaints(context as Context, (args as { regionId?: string }).regionId),
  })
  complaintOverdue(
    @Root() complaint: Complaint,
    @Arg('regionId', () => ID, { nullable: true, description: 'A region inside your scope.' }) _regionId?: string,
  ): Complaint {
    return complaint;
  }

  @FieldResolver(() => ID, { description: 'The id of the visit, agreement, person or organisation it is about.' })
  subjectId(@Root() complaint: Complaint): string {
    return toGlobalId(SUBJECT_TYPE[complaint.subjectKind], complaint.subjectId);
  }

  @FieldResolver(() => Region, { description: 'Where the subject is: whose mediation committee handles it.' })
  async region(@Root() complaint: Complaint, @Ctx() ctx: Context): Promise<Region> {
    return (await ctx.loaders.region.load(complaint.regionId))!;
  }

  @FieldResolver(() => Region, {
    nullable: true,
    description: 'The township it was escalated to when nobody acknowledged it in time.',
  })
  async escalatedTo(@Root() complaint: Complaint, @Ctx() ctx: Context): Promise<Region | null> {
    return complaint.escalatedToRegionId
      ? ((await ctx.loaders.region.load(complaint.escalatedToRegionId)) ?? null)
      : null;
  }

  @FieldResolver(() => Helper, { nullable: true, description: 'The helper concerned, when there is one you may read.' })
  async helper(@Root() complaint: Complaint, @Ctx() ctx: Context): Promise<Helper | null> {
    const helper = complaint.helperId ? await ctx.loaders.helper.load(complaint.helperId) : undefined;
    return helper && (await canReadHelper(ctx, helper)) ? helper : null;
  }

  @FieldResolver(() => Person, {
    nullable: true,
    description:
      "Who complained. Null when anonymous (except for ADMIN, the county's arbitrators and the complainant), for the helper or family complained about, or when filed by an officer on their own account.",
  })
  async complainant(@Root() complaint: Complaint, @Ctx() ctx: Context): Promise<Person | null> {
    if (!canSeeComplainant(ctx, complaint)) {
      ctx.redacted('Complaint.complainant');
      return null;
    }
    return readablePersonOrNull(ctx, complaint.complainantId);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'What happened, in the complainant\u2019s words (may concern health: sensitive). Only those who handle complaints (ADMIN, coordinators, mediators, arbitrators) and the complainant read it.',
  })
  async description(@Root() complaint: Complaint, @Ctx() ctx: Context): Promise<string | null> {
    if (await canReadComplaintText(ctx, complaint)) return complaint.description;
    ctx.redacted('Complaint.description');
    return null;
  }

  @FieldResolver(() => [ComplaintStep], {
    description: 'Every step: from, to, who, when and (for its handlers) what was said.',
  })
  steps(@Root() complaint: Complaint, @Ctx() ctx: Context): Promise<ComplaintStep[]> {
    return ctx.loaders.complaintStepsOf.load(complaint.id);
  }

  @FieldResolver(() => HelperSuspension, {
    nullable: true,
    description: 'The suspension of the helper from new proposals this complaint caused (upheld and serious).',
  })
  async suspension(@Root() complaint: Complaint, @Ctx() ctx: Context): Promise<HelperSuspension | null> {
    return (await ctx.loaders.suspensionOfComplaint.load(complaint.id)) ?? null;
  }

  @Mutation(() => SubmitComplaintPayload, {
    description:
      'Anyone with a token in the region files a complaint about a visit, an agreement, a person or an organisation; an officer files for someone without a phone (onBehalfOfId, channel). The committee must acknowledge it within the county\u2019s hours, or it is escalated to the township.',
  })
  submitComplaint(
    @Arg('input', () => SubmitComplaintInput) input: SubmitComplaintInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<Complaint>> {
    return submitComplaint(ctx, input);
  }

  @Mutation(() => ChangeComplaintPayload, {
    description: 'The mediation committee acknowledges a RECEIVED complaint (受理).',
  })
  acknowledgeComplaint(
    @Arg('input', () => ComplaintStepInput) input: ComplaintStepInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<Complaint>> {
    return acknowledgeComplaint(ctx, input);
  }

  @Mutation(() => ChangeComplaintPayload, { description: 'Mediation begins on an ACKNOWLEDGED complaint.' })
  startMediation(
    @Arg('input', () => ComplaintStepInput) input: ComplaintStepInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<Complaint>> {
    return startMediation(ctx, input);
  }

  @Mutation(() => ChangeComplaintPayload, {
    description:
      'Mediation ends with an outcome and its words. Upheld or partly upheld, it enters the credit record of the one complained about; upheld and serious, it suspends the helper from new proposals until a coordinator reviews it.',
  })
  resolveComplaint(
    @Arg('input', () => DecideComplaintInput) input: DecideComplaintInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<Complaint>> {
    return resolveComplaint(ctx, input);
  }

  @Mutation(() => ChangeComplaintPayload, {
    description: 'A hard case goes to the county arbitration court (互助养老仲裁庭), with the reason.',
  })
  escalateComplaint(
    @Arg('input', () => ComplaintStepInput) input: ComplaintStepInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<Complaint>> {
    return escalateComplaint(ctx, input);
  }

  @Mutation(() => ChangeComplaintPayload, {
    description:
      'The arbitration court rules on an ESCALATED complaint; the ruling has the same consequences as a mediation outcome.',
  })
  ruleOnComplaint(
    @Arg('input', () => DecideComplaintInput) input: DecideComplaintInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<Complaint>> {
    return ruleOnComplaint(ctx, input);
  }

  @Mutation(() => ReviewHelperSuspensionPayload, {
    description:
      'A coordinator of the helper\u2019s region reviews a suspension (after an upheld serious complaint) and lifts it: the helper may be proposed again.',
  })
  reviewHelperSuspension(
    @Arg('input', () => ReviewHelperSuspensionInput) input: ReviewHelperSuspensionInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<Helper>> {
    return reviewHelperSuspension(ctx, input);
  }
}

@Resolver(() => ComplaintStep)
export class ComplaintStepResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'What was said: for those who handle the complaint and the complainant.',
  })
  async text(@Root() step: ComplaintStep, @Ctx() ctx: Context): Promise<string | null> {
    const complaint = await ctx.loaders.complaint.load(step.complaintId);
    if (complaint && (await canReadComplaintText(ctx, complaint))) return step.text;
    if (step.text) ctx.redacted('ComplaintStep.text');
    return null;
  }
}

@Resolver(() => HelperSuspension)
export class HelperSuspensionResolver {
  @FieldResolver(() => Helper, { nullable: true })
  async helper(@Root() suspension: HelperSuspension, @Ctx() ctx: Context): Promise<Helper | null> {
    const helper = await ctx.loaders.helper.load(suspension.helperId);
    return helper && (await canReadHelper(ctx, helper)) ? helper : null;
  }
}

/** Complaints about a subject that the viewer may read. */
async function readableComplaintsAbout(ctx: Context, subjectId: string): Promise<Complaint[]> {
  const readable: Complaint[] = [];
  for (const complaint of await ctx.loaders.complaintsAbout.load(subjectId))
    if (await canReadComplaint(ctx, complaint)) readable.push(complaint);
  return readable;
}

@Resolver(() => CareAgreement)
export class AgreementComplaintsResolver {
  @FieldResolver(() => [Complaint], { description: 'Complaints about this agreement that you may read, newest first.' })
  complaints(@Root() agreement: CareAgreement, @Ctx() ctx: Context): Promise<Complaint[]> {
    return readableComplaintsAbout(ctx, agreement.id);
  }
}

@Resolver(() => Visit)
export class VisitComplaintsResolver {
  @FieldResolver(() => [Complaint], { description: 'Complaints about this visit that you may read, newest first.' })
  complaints(@Root() visit: Visit, @Ctx() ctx: Context): Promise<Complaint[]> {
    return readableComplaintsAbout(ctx, visit.id);
  }
}

@Resolver(() => Helper)
export class HelperComplaintsResolver {
  @FieldResolver(() => HelperSuspension, {
    nullable: true,
    description:
      'While set, the helper is not proposed by new match runs (an upheld serious complaint, not yet reviewed).',
  })
  async suspension(@Root() helper: Helper, @Ctx() ctx: Context): Promise<HelperSuspension | null> {
    return (await ctx.loaders.openSuspensionOfHelper.load(helper.id)) ?? null;
  }
}
