import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { ConnectionType, PageArgs, paginate, type Connection } from '../../common/connection.ts';
import { badInput, forbidden, notFound } from '../../common/errors.ts';
import { idOfType } from '../../common/global-id.ts';
import type { Context } from '../../context.ts';
import type { MatchMetrics } from '../../matching/types.ts';
import { Helper } from '../helper/helper.entity.ts';
import { canReadHelper } from '../helper/helper.service.ts';
import { Need } from '../need/need.entity.ts';
import { Region } from '../region/region.entity.ts';
import { listScope, requireReadableRegion } from '../region/region.service.ts';
import { MatchRun } from './match-run.entity.ts';
import { MatchProposal } from './proposal.entity.ts';
import { startMatchRun } from './match-run.service.ts';
import {
  ConfirmProposalPayload,
  DecideProposalInput,
  MatchRunsArgs,
  ProposalsArgs,
  ReassignProposalInput,
  ReassignProposalPayload,
  RejectProposalPayload,
  ReleaseAssignmentInput,
  ReleaseAssignmentPayload,
  StartMatchRunInput,
  StartMatchRunPayload,
  type PayloadShape,
} from './matching.inputs.ts';
import { ProposalCost, ProposalExplanation, UnmetNeed, MatchRunMetrics } from './matching.types.ts';
import { confirmProposal, reassignProposal, rejectProposal, releaseAssignment } from './proposal.service.ts';
import { watchRun } from './run-progress.ts';
import { explainProposal } from './explanation.service.ts';
import { listUnmetNeeds } from './unmet-queue.service.ts';

export const MatchRunConnection = ConnectionType(MatchRun, 'MatchRun');
export const ProposalConnection = ConnectionType(MatchProposal, 'Proposal');
export const UnmetNeedConnection = ConnectionType(UnmetNeed, 'UnmetNeed');

async function readableRun(ctx: Context, globalId: string): Promise<MatchRun> {
  ctx.viewer.require();
  const id = idOfType(globalId, 'MatchRun');
  const run = id ? await ctx.em.findOneBy(MatchRun, { id }) : null;
  if (!run) throw notFound('No match run has this id');
  await requireReadableRegion(ctx, (await ctx.loaders.region.load(run.regionId))!.globalId);
  return run;
}

@Resolver(() => MatchRun)
export class MatchRunResolver {
  @Query(() => MatchRun, {
    nullable: true,
    description:
      'Null, with one NOT_FOUND or FORBIDDEN error, when there is no such object or the viewer may not read it; the rest of the response stands.',
  })
  matchRun(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<MatchRun> {
    return readableRun(ctx, id);
  }

  @Query(() => MatchRunConnection, {
    description:
      'Runs over a region or inside it, newest first (by when they were queued), optionally only some statuses.',
  })
  async matchRuns(@Args(() => MatchRunsArgs) args: MatchRunsArgs, @Ctx() ctx: Context): Promise<Connection<MatchRun>> {
    const scope = await listScope(ctx, args.regionId);
    const query = ctx.em.getRepository(MatchRun).createQueryBuilder('run');
    if (scope) query.where('run.region_id IN (SELECT id FROM region WHERE :scope = ANY(path))', { scope: scope.id });
    if (args.status?.length) query.andWhere('run.status IN (:...statuses)', { statuses: args.status });
    // Newest first. Milliseconds, as a cursor carries them (PostgreSQL keeps microseconds).
    return paginate(query, args, {
      sort: {
        columns: ["date_trunc('milliseconds', run.created_at)", 'run.id'],
        values: (row) => [row.createdAt.toISOString(), row.id],
        descending: true,
      },
      maxPageSize: ctx.config.maxPageSize,
    });
  }

  @Subscription(() => MatchRun, {
    description: 'A run as it goes: every change of status and progress, ending when it succeeds or fails.',
    subscribe: async ({ args, context }) =>
      watchRun((context as Context).dataSource, (await readableRun(context as Context, args.runId)).id),
  })
  matchRunProgress(@Root() run: MatchRun, @Arg('runId', () => ID) _runId: string): MatchRun {
    return run;
  }

  @FieldResolver(() => Region)
  async region(@Root() run: MatchRun, @Ctx() ctx: Context): Promise<Region> {
    return (await ctx.loaders.region.load(run.regionId))!;
  }

  @FieldResolver(() => Need, {
    nullable: true,
    description: 'The need whose component this run re-solved; null for a run over the whole region.',
  })
  async focusNeed(@Root() run: MatchRun, @Ctx() ctx: Context): Promise<Need | null> {
    const need = run.focusNeedId ? await ctx.loaders.need.load(run.focusNeedId) : undefined;
    const region = need ? await ctx.loaders.region.load(need.regionId) : undefined;
    return need && region && ctx.viewer.covers(region.path) ? need : null;
  }

  @FieldResolver(() => MatchRunMetrics, { nullable: true, description: 'Set once the run has succeeded.' })
  metrics(@Root() run: MatchRun): MatchMetrics | null {
    return run.metrics;
  }

  @Query(() => ProposalConnection, {
    description: "Proposals in your scope: one run's, or a need's, an elder's or a helper's across runs.",
  })
  async proposals(
    @Args(() => ProposalsArgs) args: ProposalsArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<MatchProposal>> {
    const run = args.runId ? await readableRun(ctx, args.runId) : null;
    const scope = await listScope(ctx, undefined);
    const query = ctx.em.getRepository(MatchProposal).createQueryBuilder('proposal').where('true');
    if (run) query.andWhere('proposal.run_id = :run', { run: run.id });
    const filter = (argument: 'needId' | 'elderId' | 'helperId', type: string) => {
      const given = args[argument];
      if (!given) return undefined;
      const id = idOfType(given, type);
      if (!id) throw badInput(argument, `${argument} is not a ${type} id`);
      return id;
    };
    const needId = filter('needId', 'Need');
    const elderId = filter('elderId', 'Person');
    const helperId = filter('helperId', 'Helper');
    if (needId) query.andWhere('proposal.need_id = :needId', { needId });
    if (elderId) query.andWhere('proposal.need_id IN (SELECT id FROM need WHERE elder_id = :elderId)', { elderId });
    if (helperId) query.andWhere('proposal.helper_id = :helperId', { helperId });
    if (scope)
      query.andWhere('proposal.region_id IN (SELECT id FROM region WHERE :scope = ANY(path))', { scope: scope.id });
    if (args.status) query.andWhere('proposal.status = :status', { status: args.status });
    if (args.tier) query.andWhere('proposal.tier = :tier', { tier: args.tier });
    // By the elder's name, so that one elder's proposals stand together, as a coordinator reviews them.
    const elder = `(SELECT p.name FROM need n JOIN person p ON p.id = n.elder_id WHERE n.id = proposal.need_id)`;
    return paginate(query, args, {
      sort: { columns: [elder, 'proposal.need_id', 'proposal.id'] },
      maxPageSize: ctx.config.maxPageSize,
    });
  }

  @Query(() => UnmetNeedConnection, {
    description:
      "The coordinator's queue: open needs the latest run of their region could not serve, longest waiting first.",
  })
  unmetNeeds(
    @Arg('regionId', () => ID) regionId: string,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<UnmetNeed>> {
    return listUnmetNeeds(ctx, regionId, args);
  }

  @Mutation(() => StartMatchRunPayload, {
    description:
      'Queues a run for a worker (a `huzhu worker`, or `huzhu start` itself); follow it with matchRun(id) or matchRunProgress. With needId, only the part of the matching that need touches is solved again.',
  })
  startMatchRun(
    @Arg('input', () => StartMatchRunInput) input: StartMatchRunInput,
    @Ctx() ctx: Context,
  ): Promise<PayloadShape<MatchRun>> {
    return startMatchRun(ctx, input);
  }
}

@Resolver(() => MatchProposal)
export class ProposalResolver {
  @FieldResolver(() => Need)
  async need(@Root() proposal: MatchProposal, @Ctx() ctx: Context): Promise<Need> {
    return (await ctx.loaders.need.load(proposal.needId))!;
  }

  @FieldResolver(() => Helper)
  async helper(@Root() proposal: MatchProposal, @Ctx() ctx: Context): Promise<Helper> {
    const helper = (await ctx.loaders.helper.load(proposal.helperId))!;
    if (!(await canReadHelper(ctx, helper))) throw forbidden('This helper is outside your region');
    return helper;
  }

  @FieldResolver(() => ProposalCost)
  cost(@Root() proposal: MatchProposal): ProposalCost {
    return proposal.cost as unknown as ProposalCost;
  }

  @FieldResolver(() => ProposalExplanation)
  explanation(@Root() proposal: MatchProposal, @Ctx() ctx: Context): Promise<ProposalExplanation> {
    return explainProposal(ctx, proposal);
  }

  @Mutation(() => ConfirmProposalPayload, {
    description: 'Confirms: a standing assignment that later runs keep and count as load.',
  })
  confirmProposal(
    @Arg('input', () => DecideProposalInput) input: DecideProposalInput,
    @Ctx() ctx: Context,
  ): Promise<PayloadShape<MatchProposal>> {
    return confirmProposal(ctx, input);
  }

  @Mutation(() => RejectProposalPayload)
  rejectProposal(
    @Arg('input', () => DecideProposalInput) input: DecideProposalInput,
    @Ctx() ctx: Context,
  ): Promise<PayloadShape<MatchProposal>> {
    return rejectProposal(ctx, input);
  }

  @Mutation(() => ReassignProposalPayload, {
    description: "Assigns another helper of the coordinator's choice instead.",
  })
  reassignProposal(
    @Arg('input', () => ReassignProposalInput) input: ReassignProposalInput,
    @Ctx() ctx: Context,
  ): Promise<PayloadShape<MatchProposal>> {
    return reassignProposal(ctx, input);
  }

  @Mutation(() => ReleaseAssignmentPayload, {
    description: 'Ends a standing assignment; the need reopens for the next run.',
  })
  releaseAssignment(
    @Arg('input', () => ReleaseAssignmentInput) input: ReleaseAssignmentInput,
    @Ctx() ctx: Context,
  ): Promise<PayloadShape<Need>> {
    return releaseAssignment(ctx, input);
  }
}
