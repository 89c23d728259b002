import {
  Arg,
  Args,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { watchCareAlerts } from './care-alerts.ts';
import { ConnectionType, type Connection } from '../../common/connection.ts';
import type { MutationResult } from '../../common/mutation.ts';
import type { Context } from '../../context.ts';
import { CareAgreement } from '../agreement/agreement.entity.ts';
import { AgreementStatus } from '../agreement/agreement.enums.ts';
import { Helper } from '../helper/helper.entity.ts';
import { canReadHelper } from '../helper/helper.service.ts';
import { Need } from '../need/need.entity.ts';
import { Person } from '../person/person.entity.ts';
import { readablePersonOrNull } from '../person/person.service.ts';
import { Visit } from './visit.entity.ts';
import {
  CheckInVisitInput,
  CheckOutVisitInput,
  ConfirmVisitInput,
  VisitPayload,
  VisitReasonInput,
  VisitsArgs,
} from './visit.inputs.ts';
import { CareAlert, careAlerts, HoursBy, ServiceHours, serviceHours } from './visit-reports.ts';
import {
  cancelVisit,
  checkInVisit,
  checkOutVisit,
  confirmVisit,
  isVisitHelper,
  listVisits,
  myVisitsToday,
  requireReadableVisit,
  verifyVisit,
} from './visit.service.ts';

export const VisitConnection = ConnectionType(Visit, 'Visit');

@ObjectType({ description: 'How to reach the elder: for the helper only while their agreement is in force.' })
export class ElderContact {
  @Field(() => String, { nullable: true })
  phone: string | null;

  @Field(() => String, { nullable: true })
  address: string | null;
}

@Resolver(() => Visit)
export class VisitResolver {
  @Query(() => VisitConnection, {
    description:
      "Visits in time order: of a region's subtree, an agreement, a helper or an elder, between two days, by status. Helpers and families see only their agreements' visits.",
  })
  visits(@Args(() => VisitsArgs) args: VisitsArgs, @Ctx() ctx: Context): Promise<Connection<Visit>> {
    return listVisits(ctx, args);
  }

  @Query(() => Visit, { nullable: true })
  visit(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Visit> {
    return requireReadableVisit(ctx, id);
  }

  @Query(() => [Visit], { description: "A helper's visits today (Asia/Shanghai), in time order." })
  myVisitsToday(@Ctx() ctx: Context): Promise<Visit[]> {
    return myVisitsToday(ctx);
  }

  @Query(() => [CareAlert], {
    description:
      "The coordinator's alert queue: missed visits, ratings of 2 stars or less, visits unconfirmed 3 days after check-out; newest first, over the last `days`.",
  })
  careAlerts(
    @Ctx() ctx: Context,
    @Arg('regionId', () => ID, { nullable: true }) regionId?: string,
    @Arg('days', () => Int, { defaultValue: 14 }) days = 14,
  ): Promise<CareAlert[]> {
    return careAlerts(ctx, regionId, days);
  }

  @Subscription(() => CareAlert, {
    description:
      'Alerts as they arise in a region of your scope (default: all of it): a visit MISSED, a rating of 2 stars or less. For the roles that read the alert queue; best effort, so re-read `careAlerts` after reconnecting.',
    subscribe: ({ args, context }) => watchCareAlerts(context as Context, (args as { regionId?: string }).regionId),
  })
  careAlertRaised(
    @Root() alert: CareAlert,
    @Arg('regionId', () => ID, { nullable: true, description: 'A region inside your scope.' }) _regionId?: string,
  ): CareAlert {
    return alert;
  }

  @Query(() => [ServiceHours], { description: 'Service given in a month (YYYY-MM), by helper, elder or village.' })
  serviceHours(
    @Ctx() ctx: Context,
    @Arg('month', () => String) month: string,
    @Arg('by', () => HoursBy) by: HoursBy,
    @Arg('regionId', () => ID, { nullable: true }) regionId?: string,
  ): Promise<ServiceHours[]> {
    return serviceHours(ctx, regionId, month, by);
  }

  @FieldResolver(() => CareAgreement)
  async agreement(@Root() visit: Visit, @Ctx() ctx: Context): Promise<CareAgreement> {
    return (await ctx.loaders.careAgreement.load(visit.agreementId))!;
  }

  @FieldResolver(() => Need)
  async need(@Root() visit: Visit, @Ctx() ctx: Context): Promise<Need> {
    return (await ctx.loaders.need.load(visit.needId))!;
  }

  @FieldResolver(() => Person, { nullable: true })
  elder(@Root() visit: Visit, @Ctx() ctx: Context): Promise<Person | null> {
    return readablePersonOrNull(ctx, visit.elderId);
  }

  @FieldResolver(() => Helper, { nullable: true })
  async helper(@Root() visit: Visit, @Ctx() ctx: Context): Promise<Helper | null> {
    const helper = await ctx.loaders.helper.load(visit.helperId);
    return helper && (await canReadHelper(ctx, helper)) ? helper : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The elder's words with the rating: for the elder's side and officers; never for the helper.",
  })
  async ratingComment(@Root() visit: Visit, @Ctx() ctx: Context): Promise<string | null> {
    if (visit.ratingComment === null) return null;
    if (await isVisitHelper(ctx, visit)) {
      ctx.redacted('Visit.ratingComment');
      return null;
    }
    return visit.ratingComment;
  }

  @FieldResolver(() => ElderContact, {
    nullable: true,
    description:
      "The elder's phone and address: for the helper while their agreement is ACTIVE, and for the region's coordinators; null otherwise.",
  })
  async elderContact(@Root() visit: Visit, @Ctx() ctx: Context): Promise<ElderContact | null> {
    const elder = await ctx.loaders.person.load(visit.elderId);
    const region = elder ? await ctx.loaders.region.load(elder.regionId) : undefined;
    if (!elder || !region) return null;
    let allowed = ctx.viewer.canSeeSensitive(region.path);
    if (!allowed && (await isVisitHelper(ctx, visit))) {
      const agreement = await ctx.loaders.careAgreement.load(visit.agreementId);
      allowed = agreement?.status === AgreementStatus.ACTIVE;
    }
    if (!allowed) {
      ctx.redacted('Visit.elderContact');
      return null;
    }
    const household = elder.householdId ? await ctx.loaders.household.load(elder.householdId) : undefined;
    return { phone: elder.phone, address: household?.address ?? null };
  }

  @Mutation(() => VisitPayload, { description: 'The helper (or an officer for them) arrives: time, optionally where.' })
  checkInVisit(
    @Arg('input', () => CheckInVisitInput) input: CheckInVisitInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<Visit>> {
    return checkInVisit(ctx, input);
  }

  @Mutation(() => VisitPayload, {
    description: 'The helper leaves and says what was done; the visit waits for the elder.',
  })
  checkOutVisit(
    @Arg('input', () => CheckOutVisitInput) input: CheckOutVisitInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<Visit>> {
    return checkOutVisit(ctx, input);
  }

  @Mutation(() => VisitPayload, {
    description:
      'The elder (their proxy or family, or an officer for them) confirms a done visit and rates it: VERIFIED.',
  })
  confirmVisit(
    @Arg('input', () => ConfirmVisitInput) input: ConfirmVisitInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<Visit>> {
    return confirmVisit(ctx, input);
  }

  @Mutation(() => VisitPayload, { description: 'A supervisor checked a done visit (say how): VERIFIED.' })
  verifyVisit(
    @Arg('input', () => VisitReasonInput) input: VisitReasonInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<Visit>> {
    return verifyVisit(ctx, input);
  }

  @Mutation(() => VisitPayload, { description: 'A scheduled visit will not happen: say why.' })
  cancelVisit(
    @Arg('input', () => VisitReasonInput) input: VisitReasonInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<Visit>> {
    return cancelVisit(ctx, input);
  }
}
