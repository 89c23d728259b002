import { IsOptional, Length, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Role, WRITER_ROLES } from '../../auth/role.ts';
import { forbidden } from '../../common/errors.ts';
import { idOfType, toGlobalId } from '../../common/global-id.ts';
import { MutationInput } from '../../common/mutation-input.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { PayloadType } from '../../common/payload.ts';
import { UserErrorCode } from '../../common/user-error.ts';
import type { Context } from '../../context.ts';
import { FAMILY_OF_SQL } from '../agreement/agreement.service.ts';
import { accountOf, postEntry } from './ledger.ts';
import { timeBankPolicyOf } from './time-bank-policy.ts';

@InputType({ description: 'Minutes from one person to their kin (children saving for parents is the commonest case).' })
export class TransferTimeCreditInput extends MutationInput {
  @Field(() => ID, { description: 'Whose minutes: your own person, or (an officer) someone in your region.' })
  fromPersonId: string;

  @Field(() => ID, { description: 'Kin or spouse of the giver, in the same county.' })
  toPersonId: string;

  @Field(() => Int, { description: 'Whole minutes, 1–100,000.' })
  @Min(1, { message: 'minutes must be between 1 and 100000' })
  @Max(100_000, { message: 'minutes must be between 1 and 100000' })
  minutes: number;

  @Field(() => String, { nullable: true, description: 'A word for the statement (at most 200 characters).' })
  @IsOptional()
  @Length(1, 200, { message: 'note must be between 1 and 200 characters' })
  note?: string | null;
}

@ObjectType({ description: 'A transfer as the ledger recorded it.' })
export class TimeCreditTransfer {
  @Field(() => ID, { description: 'The ledger entry.' }) entryId: string;
  @Field(() => Int, { description: "Its position in the county's log." }) position: number;
  @Field(() => Float, { description: "The giver's balance after it." }) fromBalance: number;
}

export const TransferTimeCreditPayload = PayloadType('TransferTimeCreditPayload', 'transfer', () => TimeCreditTransfer);

const TRANSFER_ROLES = [Role.HELPER, Role.FAMILY_PROXY, ...WRITER_ROLES];

async function transferOf(ctx: Context, entryId: string): Promise<TimeCreditTransfer | undefined> {
  const [row]: { position: string; balance: string }[] = await ctx.em.query(
    `SELECT e.position::text, a.balance::text FROM ledger_entry e
       JOIN ledger_posting p ON p.entry_id = e.id AND p.amount < 0 JOIN ledger_account a ON a.id = p.account_id
      WHERE e.id = $1`,
    [entryId],
  );
  return row
    ? { entryId: toGlobalId('LedgerEntry', entryId), position: Number(row.position), fromBalance: Number(row.balance) }
    : undefined;
}

/**
 * TRANSFER (issue #17): a person's minutes to their kin or spouse in the county. The giver
 * themself (a helper's or family member's token naming them) or an officer of their region
 * records it. The giver's account is locked while it is checked, so racing transfers never
 * overdraw it; the idempotency key makes a retried form post once.
 */
export function transferTimeCredit(
  ctx: Context,
  input: TransferTimeCreditInput,
): Promise<MutationResult<TimeCreditTransfer>> {
  return runMutation(ctx, {
    action: 'transferTimeCredit',
    input,
    roles: TRANSFER_ROLES,
    reload: (id) => transferOf(ctx, id),
    check: async (problems) => {
      const fromId = idOfType(input.fromPersonId, 'Person');
      const from = fromId ? await ctx.loaders.person.load(fromId) : undefined;
      const fromRegion = from ? await ctx.loaders.region.load(from.regionId) : undefined;
      if (!from || !fromRegion || !ctx.viewer.covers(fromRegion.path)) {
        problems.add('fromPersonId', UserErrorCode.NOT_FOUND, 'No person in your region has this id');
        return undefined;
      }
      const own = ctx.viewer.claims?.personId === from.id;
      if (!own && !ctx.viewer.canWrite(fromRegion.path)) {
        if (ctx.viewer.role === Role.HELPER || ctx.viewer.role === Role.FAMILY_PROXY)
          problems.add('fromPersonId', UserErrorCode.OUT_OF_SCOPE, 'You may give only your own minutes');
        else throw forbidden('You cannot record transfers in this region');
        return undefined;
      }
      const toId = idOfType(input.toPersonId, 'Person');
      const to = toId ? await ctx.loaders.person.load(toId) : undefined;
      if (!to || to.countyId !== from.countyId) {
        problems.add('toPersonId', UserErrorCode.NOT_FOUND, 'No person in this county has this id');
        return undefined;
      }
      const [{ family }]: { family: boolean }[] = await ctx.em.query(
        `SELECT EXISTS (${FAMILY_OF_SQL('$1', '$2')}) AS family`,
        [from.id, to.id],
      );
      if (to.id === from.id || !family)
        problems.add('toPersonId', UserErrorCode.NO_TIE, 'Minutes go to kin or a spouse of the giver only');
      // The giver's account, locked until this transaction ends: what is checked here still holds at the write.
      const [account]: { id: string; balance: string; floor: string }[] = await ctx.em.query(
        `SELECT id, balance::text, floor::text FROM ledger_account
          WHERE county_id = $1 AND currency = 'MINUTES' AND owner_kind = 'PERSON' AND owner_id = $2 FOR UPDATE`,
        [from.countyId, from.id],
      );
      if (!account || Number(account.balance) - input.minutes < Number(account.floor))
        problems.add(
          'minutes',
          UserErrorCode.OUT_OF_RANGE,
          `Not enough minutes: the balance is ${account ? Number(account.balance) : 0}`,
        );
      if (problems.any) return undefined;
      return async () => {
        const policy = await timeBankPolicyOf(ctx.em, from.countyId);
        const receiver = await accountOf(ctx.em, from.countyId, 'MINUTES', 'PERSON', to.id);
        const entry = await postEntry(ctx.em, {
          countyId: from.countyId,
          currency: 'MINUTES',
          kind: 'TRANSFER',
          reason: input.note?.trim() || '转给亲属',
          policyVersion: policy.version,
          createdBy: ctx.viewer.subject,
          at: ctx.config.now(),
          postings: [
            { accountId: account!.id, amount: -input.minutes },
            { accountId: receiver.id, amount: input.minutes },
          ],
        });
        return {
          result: (await transferOf(ctx, entry.id))!,
          entityType: 'LedgerEntry',
          entityId: entry.id,
          countyId: from.countyId,
          changedFields: ['balance'],
        };
      };
    },
  });
}
