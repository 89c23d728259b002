import {
  Arg,
  Args,
  Ctx,
  Field,
  FieldResolver,
  Float,
  ID,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { ConnectionType, type Connection } from '../../common/connection.ts';
import type { MutationResult } from '../../common/mutation.ts';
import type { Context } from '../../context.ts';
import { notFound } from '../../common/errors.ts';
import { idOfType, toGlobalId } from '../../common/global-id.ts';
import { CareAgreement } from '../agreement/agreement.entity.ts';
import { canReadAgreement } from '../agreement/agreement.service.ts';
import { Helper } from '../helper/helper.entity.ts';
import { Household } from '../household/household.entity.ts';
import { drawUnannouncedInspections, redraw } from './inspection-draws.ts';
import { recordInspection } from './inspection-recording.ts';
import { closeRectificationTask } from './rectification.ts';
import { Inspection, InspectionDraw, RectificationTask } from './supervision.entity.ts';
import { HelperStanding } from './supervision.enums.ts';
import {
  CloseRectificationTaskInput,
  CloseRectificationTaskPayload,
  DrawUnannouncedInspectionsInput,
  DrawUnannouncedInspectionsPayload,
  InspectionsArgs,
  RecordInspectionInput,
  RecordInspectionPayload,
  RectificationTasksArgs,
  SupervisionPolicyType,
  UpdateSupervisionPolicyInput,
  UpdateSupervisionPolicyPayload,
} from './supervision.inputs.ts';
import {
  canReadInspection,
  isOverseer,
  listInspections,
  listRectificationTasks,
  readSupervisionPolicy,
  updateSupervisionPolicy,
  type CountySupervisionPolicy,
} from './supervision.service.ts';

export const InspectionConnection = ConnectionType(Inspection, 'Inspection');
export const RectificationTaskConnection = ConnectionType(RectificationTask, 'RectificationTask');

@ObjectType({ description: 'One candidate of a draw, as it was weighed.' })
class DrawCandidateType {
  @Field(() => ID, { description: 'The CareAgreement id.' }) agreementId: string;
  @Field(() => Float, {
    description:
      '1, +2 per missed visit and per rating ≤ 2 in the last 30 days, +3 for a dependent elder living alone.',
  })
  weight: number;
}

@ObjectType({ description: "A helper's standing after supervision." })
class HelperStandingInfo {
  @Field(() => HelperStanding) standing: HelperStanding;
  @Field(() => Date, { nullable: true, description: 'Since when (null: never out of good standing).' })
  since: Date | null;
  @Field(() => String, { nullable: true }) reason: string | null;
}

async function readableAgreement(ctx: Context, id: string | null): Promise<CareAgreement | null> {
  const agreement = id ? await ctx.loaders.careAgreement.load(id) : undefined;
  return agreement && (await canReadAgreement(ctx, agreement)) ? agreement : null;
}

async function readableInspections(ctx: Context, ids: string[]): Promise<Inspection[]> {
  const rows = await ctx.loaders.inspection.loadMany(ids);
  const readable: Inspection[] = [];
  for (const row of rows) if (row instanceof Inspection && (await canReadInspection(ctx, row))) readable.push(row);
  return readable;
}

@Resolver()
export class SupervisionResolver {
  @Query(() => InspectionConnection, {
    description:
      'Inspections in a region, newest first. Helpers and families see only the DONE inspections of their own agreements (a planned unannounced one stays unannounced).',
  })
  inspections(
    @Args(() => InspectionsArgs) args: InspectionsArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<Inspection>> {
    return listInspections(ctx, args);
  }

  @Query(() => RectificationTaskConnection, {
    description: 'Rectification tasks of a region (officers and supervisors), soonest due first.',
  })
  rectificationTasks(
    @Args(() => RectificationTasksArgs) args: RectificationTasksArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<RectificationTask>> {
    return listRectificationTasks(ctx, args);
  }

  @Query(() => InspectionDraw, {
    nullable: true,
    description: 'A draw of unannounced inspections (officers and supervisors of its region).',
  })
  async inspectionDraw(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<InspectionDraw> {
    ctx.viewer.require();
    const drawId = idOfType(id, 'InspectionDraw');
    const draw = drawId ? await ctx.em.findOneBy(InspectionDraw, { id: drawId }) : null;
    const region = draw ? await ctx.loaders.region.load(draw.regionId) : undefined;
    // The same answer whether it does not exist or is hidden: a helper learns nothing of a draw.
    if (!draw || !region || !isOverseer(ctx) || !ctx.viewer.covers(region.path)) throw notFound('No draw has this id');
    return draw;
  }

  @Query(() => SupervisionPolicyType, { description: "A county's supervision rules." })
  supervisionPolicy(
    @Arg('countyId', () => ID) countyId: string,
    @Ctx() ctx: Context,
  ): Promise<CountySupervisionPolicy> {
    return readSupervisionPolicy(ctx, countyId);
  }

  @Mutation(() => RecordInspectionPayload, {
    description:
      "Records an inspection, or carries out a planned one. A poor result opens a rectification task, plans a follow-up and may take the helper out of good standing (the county's rules).",
  })
  recordInspection(
    @Arg('input', () => RecordInspectionInput) input: RecordInspectionInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<Inspection>> {
    return recordInspection(ctx, input);
  }

  @Mutation(() => DrawUnannouncedInspectionsPayload, {
    description:
      "Draws unannounced inspections among a region's ACTIVE agreements, weighted by risk, from a recorded seed; each drawn agreement gets a PLANNED UNANNOUNCED inspection.",
  })
  drawUnannouncedInspections(
    @Arg('input', () => DrawUnannouncedInspectionsInput) input: DrawUnannouncedInspectionsInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<InspectionDraw>> {
    return drawUnannouncedInspections(ctx, input);
  }

  @Mutation(() => CloseRectificationTaskPayload, { description: 'Closes a rectification task that was put right.' })
  closeRectificationTask(
    @Arg('input', () => CloseRectificationTaskInput) input: CloseRectificationTaskInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<RectificationTask>> {
    return closeRectificationTask(ctx, input);
  }

  @Mutation(() => UpdateSupervisionPolicyPayload, { description: "Sets a county's supervision rules, all at once." })
  async updateSupervisionPolicy(
    @Arg('input', () => UpdateSupervisionPolicyInput) input: UpdateSupervisionPolicyInput,
    @Ctx() ctx: Context,
  ): Promise<UpdateSupervisionPolicyPayload> {
    const { result, errors } = await updateSupervisionPolicy(ctx, input);
    return { supervisionPolicy: result, errors };
  }
}

@Resolver(() => Inspection)
export class InspectionResolver {
  @FieldResolver(() => CareAgreement, { nullable: true, description: 'The agreement inspected, when readable.' })
  agreement(@Root() inspection: Inspection, @Ctx() ctx: Context): Promise<CareAgreement | null> {
    return readableAgreement(ctx, inspection.agreementId);
  }

  @FieldResolver(() => Household, { nullable: true, description: 'The household inspected.' })
  async household(@Root() inspection: Inspection, @Ctx() ctx: Context): Promise<Household | null> {
    return inspection.householdId ? ((await ctx.loaders.household.load(inspection.householdId)) ?? null) : null;
  }

  @FieldResolver(() => Inspection, { nullable: true, description: 'For a FOLLOW_UP: the poor result it follows up.' })
  async followUpOf(@Root() inspection: Inspection, @Ctx() ctx: Context): Promise<Inspection | null> {
    if (!inspection.followUpOfId) return null;
    return (await readableInspections(ctx, [inspection.followUpOfId]))[0] ?? null;
  }

  @FieldResolver(() => RectificationTask, {
    nullable: true,
    description: 'The task a poor result opened (officers and supervisors).',
  })
  async rectification(@Root() inspection: Inspection, @Ctx() ctx: Context): Promise<RectificationTask | null> {
    if (!isOverseer(ctx)) return null;
    return ctx.loaders.taskOfInspection.load(inspection.id);
  }
}

@Resolver(() => InspectionDraw)
export class InspectionDrawResolver {
  @FieldResolver(() => [DrawCandidateType], {
    nullable: true,
    description:
      "Every candidate with its weight, by agreement id. A weight tells whether an elder is dependent and alone, so only those who read health fields (ADMIN, the region's coordinators) see them; null for others.",
  })
  async candidates(@Root() draw: InspectionDraw, @Ctx() ctx: Context): Promise<DrawCandidateType[] | null> {
    const region = await ctx.loaders.region.load(draw.regionId);
    if (!region || !ctx.viewer.canSeeSensitive(region.path)) return null;
    return draw.candidates.map((c) => ({ agreementId: toGlobalId('CareAgreement', c.agreementId), weight: c.weight }));
  }

  @FieldResolver(() => [CareAgreement], { description: 'The agreements drawn, in draw order.' })
  async drawn(@Root() draw: InspectionDraw, @Ctx() ctx: Context): Promise<CareAgreement[]> {
    const agreements = await ctx.loaders.careAgreement.loadMany(draw.drawn);
    return agreements.filter((a): a is CareAgreement => a instanceof CareAgreement);
  }

  @FieldResolver(() => Boolean, {
    description: 'Drawing again from the recorded seed and candidates gives the same list (checked now).',
  })
  reproduced(@Root() draw: InspectionDraw): boolean {
    const again = redraw(draw);
    return again.length === draw.drawn.length && again.every((id, i) => id === draw.drawn[i]);
  }
}

@Resolver(() => CareAgreement)
export class SupervisedAgreementResolver {
  @FieldResolver(() => Boolean, { description: 'A poor inspection left a rectification task open.' })
  async flagged(@Root() agreement: CareAgreement, @Ctx() ctx: Context): Promise<boolean> {
    return (await ctx.loaders.openTasksOfAgreement.load(agreement.id)).length > 0;
  }

  @FieldResolver(() => [Inspection], { description: 'Its inspections that you may read, newest first.' })
  async inspections(@Root() agreement: CareAgreement, @Ctx() ctx: Context): Promise<Inspection[]> {
    const rows = await ctx.loaders.inspectionsOfAgreement.load(agreement.id);
    const readable: Inspection[] = [];
    for (const row of rows) if (await canReadInspection(ctx, row)) readable.push(row);
    return readable;
  }
}

@Resolver(() => Helper)
export class HelperStandingResolver {
  @FieldResolver(() => HelperStandingInfo, {
    description: 'Out of good standing after poor inspection results in a row (the county sets how many).',
  })
  async standing(@Root() helper: Helper, @Ctx() ctx: Context): Promise<HelperStandingInfo> {
    const row = await ctx.loaders.standingOf.load(helper.id);
    return row
      ? { standing: row.standing, since: row.since, reason: row.reason }
      : { standing: HelperStanding.GOOD, since: null, reason: null };
  }
}
