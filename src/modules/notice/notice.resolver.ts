import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { badInput } from '../../common/errors.ts';
import type { Context } from '../../context.ts';
import { noticeRegion, periodProblem, publicNotice } from './notice.service.ts';
import { PublicNotice } from './notice.types.ts';

@Resolver()
export class NoticeResolver {
  @Query(() => PublicNotice, {
    nullable: true,
    description:
      "A village's (or township's) notice (公示) of a period, at most a year: inspection figures and the poor results with their rectification, named as the county's notice policy allows. Anyone with a token for the region reads it; charities do not.",
  })
  async publicNotice(
    @Arg('regionId', () => ID) regionId: string,
    @Arg('from', () => GraphQLLocalDate) from: string,
    @Arg('to', () => GraphQLLocalDate) to: string,
    @Ctx() ctx: Context,
  ): Promise<PublicNotice> {
    const region = await noticeRegion(ctx, regionId);
    const problem = periodProblem(from, to);
    if (problem) throw badInput('to', problem);
    return publicNotice(ctx, region, from, to);
  }
}
