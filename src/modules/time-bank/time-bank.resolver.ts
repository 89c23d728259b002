import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { MutationResult } from '../../common/mutation.ts';
import {
  transferTimeCredit,
  TransferTimeCreditInput,
  TransferTimeCreditPayload,
  type TimeCreditTransfer,
} from './transfers.ts';
import type { Context } from '../../context.ts';
import { ledgerHead, timeBankAccount } from './time-bank.service.ts';
import { LedgerHead, TimeBankAccountType } from './time-bank.types.ts';

@Resolver()
export class TimeBankResolver {
  @Query(() => TimeBankAccountType, {
    nullable: true,
    description:
      "A person's, household's or organisation's time-bank account with its statement and each line's proof; null when it has none yet. The holder and the region's officers read it.",
  })
  timeBankAccount(
    @Arg('ownerId', () => ID) ownerId: string,
    @Arg('currency', () => String, { defaultValue: 'MINUTES' }) currency: string,
    @Ctx() ctx: Context,
  ): Promise<TimeBankAccountType | null> {
    return timeBankAccount(ctx, ownerId, currency);
  }

  @Mutation(() => TransferTimeCreditPayload, {
    description:
      'Gives minutes to kin or a spouse in the county (TRANSFER): the giver themself, or an officer for them. Never more than the balance, whatever races it.',
  })
  transferTimeCredit(
    @Arg('input', () => TransferTimeCreditInput) input: TransferTimeCreditInput,
    @Ctx() ctx: Context,
  ): Promise<MutationResult<TimeCreditTransfer>> {
    return transferTimeCredit(ctx, input);
  }

  @Query(() => LedgerHead, { description: "The head of a county's time-bank log now (size and Merkle root)." })
  ledgerHead(@Arg('countyId', () => ID) countyId: string, @Ctx() ctx: Context): Promise<LedgerHead> {
    return ledgerHead(ctx, countyId);
  }
}
