import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toGlobalId } from '../../common/global-id.ts';
import type { MutationResult } from '../../common/mutation.ts';
import type { Context } from '../../context.ts';
import { CreditEntry } from './credit.entity.ts';
import { SUBJECT_NODE_TYPE } from './credit.enums.ts';
import { CorrectCreditEntryInput, CorrectCreditEntryPayload } from './credit.inputs.ts';
import { balanceOf, correctCreditEntry, creditRecord } from './credit.service.ts';
import { CreditRecordType } from './credit.types.ts';

@Resolver(() => CreditEntry)
export class CreditResolver {
  @Query(() => CreditRecordType, {
    description:
      "The credit record of a person, household or organisation (by its id). A person reads their own (and their household's); officials, coordinators, mediators, arbitrators and supervisors of the region read all.",
  })
  async creditRecord(@Arg('subjectId', () => ID) subjectId: string, @Ctx() ctx: Context): Promise<CreditRecordType> {
    const record = await creditRecord(ctx, subjectId);
    return {
      subjectKind: record.subjectKind,
      subjectGlobalId: toGlobalId(SUBJECT_NODE_TYPE[record.subjectKind], record.subjectId),
      points: balanceOf(record.entries),
      entries: record.entries,
    };
  }

  @FieldResolver(() => CreditEntry, { nullable: true, description: 'The entry this one corrects (corrections only).' })
  async corrects(@Root() entry: CreditEntry, @Ctx() ctx: Context): Promise<CreditEntry | null> {
    return entry.correctsId ? ((await ctx.loaders.creditEntry.load(entry.correctsId)) ?? null) : null;
  }

  @FieldResolver(() => CreditEntry, { nullable: true, description: 'The correction of this entry, if there is one.' })
  async correctedBy(@Root() entry: CreditEntry, @Ctx() ctx: Context): Promise<CreditEntry | null> {
    return (await ctx.loaders.correctionOf.load(entry.id)) ?? null;
  }

  @Mutation(() => CorrectCreditEntryPayload, {
    description:
      'Trust repair (信任修复): records a correction of an entry — the reason, who approved it, points restored, an apology, the rule changed. The corrected entry stays as it was.',
  })
  correctCreditEntry(
    @Arg('input', () => CorrectCreditEntryInput) input: CorrectCreditEntryInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<CreditEntry>> {
    return correctCreditEntry(ctx, input);
  }
}
