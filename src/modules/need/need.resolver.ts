import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { ConnectionType, type Connection } from '../../common/connection.ts';
import type { MutationResult } from '../../common/mutation.ts';
import type { Context } from '../../context.ts';
import { Helper } from '../helper/helper.entity.ts';
import { canReadHelper } from '../helper/helper.service.ts';
import { Person } from '../person/person.entity.ts';
import { readablePersonOrNull, requireReadablePersonById } from '../person/person.service.ts';
import { priorityWeightsOf } from '../policy/policy.service.ts';
import { elderNeedPriority } from '../policy/priority.ts';
import { Region } from '../region/region.entity.ts';
import { Need } from './need.entity.ts';
import { watchOpenedNeeds } from './need-opened.ts';
import { NeedStatus } from './need.enums.ts';
import { weekdaySummaryZh } from './recurrence-text.ts';
import {
  CancelNeedPayload,
  ChangeNeedStatusInput,
  CloseNeedPayload,
  CreateNeedInput,
  CreateNeedPayload,
  NeedsArgs,
  PauseNeedPayload,
  ResumeNeedInput,
  ResumeNeedPayload,
  UpdateNeedInput,
  UpdateNeedPayload,
} from './need.inputs.ts';
import { NeedStatusChangeType, Recurrence, NeedPriority, StatedChoice } from './need.types.ts';
import { changeNeedStatus, createNeed, listNeeds, requireReadableNeed, updateNeed } from './need.service.ts';

export const NeedConnection = ConnectionType(Need, 'Need');

@Resolver(() => Need)
export class NeedResolver {
  @Query(() => NeedConnection, { description: "Needs of elders in a region's whole subtree." })
  needs(@Args(() => NeedsArgs) args: NeedsArgs, @Ctx() ctx: Context): Promise<Connection<Need>> {
    return listNeeds(ctx, args);
  }

  @Subscription(() => Need, {
    description:
      'Needs entered, or back to OPEN, in a region of your scope (default: all of it), as they happen — whoever entered them (a helper on a visit, a family, a coordinator): a worklist updates without polling. Best effort: what happens while you are not connected is not replayed, so re-read the list when you reconnect.',
    subscribe: ({ args, context }) => watchOpenedNeeds(context as Context, (args as { regionId?: string }).regionId),
  })
  needOpened(
    @Root() need: Need,
    @Arg('regionId', () => ID, { nullable: true, description: 'A region inside your scope.' }) _regionId?: string,
  ): Need {
    return need;
  }

  @Query(() => Need, {
    nullable: true,
    description:
      'Null, with one NOT_FOUND or FORBIDDEN error, when there is no such object or the viewer may not read it; the rest of the response stands.',
  })
  need(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Need> {
    return requireReadableNeed(ctx, id);
  }

  @FieldResolver(() => Person)
  elder(@Root() need: Need, @Ctx() ctx: Context): Promise<Person> {
    return requireReadablePersonById(ctx, need.elderId);
  }

  @FieldResolver(() => Region, { description: "The elder's village or group." })
  async region(@Root() need: Need, @Ctx() ctx: Context): Promise<Region> {
    return (await ctx.loaders.region.load(need.regionId))!;
  }

  @FieldResolver(() => Person, { nullable: true, description: "Who asked on the elder's behalf, if someone did." })
  proxy(@Root() need: Need, @Ctx() ctx: Context): Promise<Person | null> {
    return readablePersonOrNull(ctx, need.proxyId);
  }

  @FieldResolver(() => Recurrence)
  recurrence(@Root() need: Need): Recurrence {
    const start = need.windowStart.slice(0, 5);
    const end = need.windowEnd.slice(0, 5);
    return {
      kind: need.recurrence,
      weekdays: need.weekdays,
      windowStart: need.windowStart,
      windowEnd: need.windowEnd,
      summaryZh: `${weekdaySummaryZh(need.recurrence, need.weekdays, need.startDate)} ${start}–${end}`,
    };
  }

  @FieldResolver(() => [Helper], { description: 'Helpers the elder asked for (those you may see).' })
  preferredHelpers(@Root() need: Need, @Ctx() ctx: Context): Promise<Helper[]> {
    return helpersByPreference(ctx, need, true);
  }

  @FieldResolver(() => [Helper], { description: 'Helpers the elder refused; the matching never proposes them.' })
  refusedHelpers(@Root() need: Need, @Ctx() ctx: Context): Promise<Helper[]> {
    return helpersByPreference(ctx, need, false);
  }

  @FieldResolver(() => [StatedChoice], { description: "The elder's stated choices, with who said them and when." })
  async statedChoices(@Root() need: Need, @Ctx() ctx: Context): Promise<StatedChoice[]> {
    const choices = await ctx.loaders.preferencesOf.load(need.id);
    const helpers = await ctx.loaders.helper.loadMany(choices.map((c) => c.helperId));
    return Promise.all(
      choices.map(async (choice, index) => {
        const helper = helpers[index];
        const visible = helper instanceof Helper && (await canReadHelper(ctx, helper));
        return {
          helper: visible ? helper : null,
          preferred: choice.preferred,
          byElder: choice.spokenByProxyId === null,
          spokenBy: await readablePersonOrNull(ctx, choice.spokenByProxyId),
          statedAt: choice.statedAt,
        };
      }),
    );
  }

  @FieldResolver(() => NeedPriority)
  async priority(@Root() need: Need, @Ctx() ctx: Context): Promise<NeedPriority> {
    const elder = (await ctx.loaders.person.load(need.elderId))!;
    const priority = elderNeedPriority(elder, need.unmetSince, await priorityWeightsOf(ctx, need.countyId));
    return { ...priority, regionId: need.regionId };
  }

  @FieldResolver(() => [NeedStatusChangeType], { description: 'Every status change, oldest first, with who and why.' })
  async history(@Root() need: Need, @Ctx() ctx: Context): Promise<NeedStatusChangeType[]> {
    const rows = await ctx.loaders.historyOf.load(need.id);
    return rows.map((row) => ({
      regionId: need.regionId,
      from: row.fromStatus,
      to: row.toStatus,
      reason: row.reason,
      note: row.note,
      actor: row.actor,
      at: row.at,
    }));
  }

  @Mutation(() => CreateNeedPayload, {
    description: "Records an elder's need, entered by a coordinator, a helper on a visit or a family proxy.",
  })
  createNeed(
    @Arg('input', () => CreateNeedInput) input: CreateNeedInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<Need>> {
    return createNeed(ctx, input);
  }

  @Mutation(() => UpdateNeedPayload)
  updateNeed(
    @Arg('input', () => UpdateNeedInput) input: UpdateNeedInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<Need>> {
    return updateNeed(ctx, input);
  }

  @Mutation(() => PauseNeedPayload, { description: 'Puts a need on hold; its helpers are released.' })
  pauseNeed(
    @Arg('input', () => ChangeNeedStatusInput) input: ChangeNeedStatusInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<Need>> {
    return changeNeedStatus(ctx, 'pauseNeed', input, NeedStatus.PAUSED);
  }

  @Mutation(() => ResumeNeedPayload, { description: 'Reopens a paused need for matching.' })
  resumeNeed(
    @Arg('input', () => ResumeNeedInput) input: ResumeNeedInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<Need>> {
    return changeNeedStatus(ctx, 'resumeNeed', input, NeedStatus.OPEN);
  }

  @Mutation(() => CloseNeedPayload, { description: 'The need is over (served to the end).' })
  closeNeed(
    @Arg('input', () => ChangeNeedStatusInput) input: ChangeNeedStatusInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<Need>> {
    return changeNeedStatus(ctx, 'closeNeed', input, NeedStatus.CLOSED);
  }

  @Mutation(() => CancelNeedPayload, { description: 'The need is withdrawn.' })
  cancelNeed(
    @Arg('input', () => ChangeNeedStatusInput) input: ChangeNeedStatusInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<Need>> {
    return changeNeedStatus(ctx, 'cancelNeed', input, NeedStatus.CANCELLED);
  }
}

async function helpersByPreference(ctx: Context, need: Need, preferred: boolean): Promise<Helper[]> {
  const preferences = (await ctx.loaders.preferencesOf.load(need.id)).filter((p) => p.preferred === preferred);
  const helpers = await ctx.loaders.helper.loadMany(preferences.map((p) => p.helperId));
  const visible = await Promise.all(helpers.map((h) => (h instanceof Helper ? canReadHelper(ctx, h) : false)));
  return helpers.filter((h, index): h is Helper => h instanceof Helper && visible[index]);
}
