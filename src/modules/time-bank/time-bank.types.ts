import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    "An audit path (RFC 9162 §2.1.3) of an entry's leaf in its county's log, to the root of the tree of `treeSize` entries: check it against a signed tree head.",
})
export class InclusionProof {
  @Field(() => Int) leafIndex: number;
  @Field(() => Int) treeSize: number;
  @Field(() => String, { description: 'Hex SHA-256 of 0x00 ‖ the canonical entry.' }) leafHash: string;
  @Field(() => [String], { description: 'Hex hashes, from the leaf up.' }) path: string[];
  @Field(() => String, { description: 'Hex root this path leads to.' }) rootHash: string;
}

@ObjectType({ description: "One line of an account's statement: an entry of the ledger, as it moved this account." })
export class StatementLine {
  @Field(() => ID, { description: 'The ledger entry (LedgerEntry global id).' }) id: string;
  @Field(() => Int, { description: "The entry's position in its county's log." }) position: number;
  @Field(() => String, { description: 'DEPOSIT, WITHDRAW, TRANSFER, DONATE, ADJUST …' }) kind: string;
  @Field(() => Float, { description: 'What it moved in this account (negative: out).' }) amount: number;
  @Field(() => String) reason: string;
  @Field(() => Int, { description: 'The county policy version it was computed under.' }) policyVersion: number;
  @Field(() => Date) createdAt: Date;
  @Field(() => String, {
    description: 'The canonical encoding its leaf hash is computed over (JSON, keys sorted): re-hash it to check.',
  })
  canonical: string;
  @Field(() => InclusionProof) proof: InclusionProof;
}

@ObjectType({
  description: 'A time-bank account (minutes of care) and its statement, newest first, each line with its proof.',
})
export class TimeBankAccountType {
  @Field(() => ID) id: string;
  @Field(() => String, { description: 'PERSON, HOUSEHOLD, ORGANISATION, POOL.' }) ownerKind: string;
  @Field(() => String, { description: 'MINUTES or POINTS.' }) currency: string;
  @Field(() => Float) balance: number;
  @Field(() => Float, { description: 'The lowest the balance may go (0, or below for a pool that gives credit).' })
  floor: number;
  @Field(() => [StatementLine], { description: 'The latest entries (at most 100), newest first.' })
  statement: StatementLine[];
}

@ObjectType({ description: "The head of a county's time-bank log now: its size and Merkle root (hex)." })
export class LedgerHead {
  @Field(() => Int) size: number;
  @Field(() => String) rootHash: string;
}
