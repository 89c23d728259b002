import { IsOptional, Matches } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { EntryChannel } from '../audit/entry-channel.enum.ts';

/** What every mutation input carries besides its own fields: where the entry came from. */
@InputType()
export abstract class MutationInput {
  @Field(() => EntryChannel, { defaultValue: EntryChannel.APP, description: 'How the entry reached the platform.' })
  channel: EntryChannel;

  @Field(() => ID, {
    nullable: true,
    description:
      'The person this entry is made for, when made by a proxy (e.g. the elder a child or an information officer speaks for).',
  })
  onBehalfOfId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Client-chosen key (8–64 characters). Sending the same mutation again with the same key returns the first result instead of writing twice.',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.:-]{8,64}$/, { message: 'must be 8–64 letters, digits or _.:-' })
  idempotencyKey?: string | null;
}

/** Fields that say how an entry was made, not what it changed. */
const ENVELOPE_FIELDS = new Set(['channel', 'onBehalfOfId', 'idempotencyKey', 'id']);

/** The input fields a caller actually gave (not undefined), for the audit entry's `changedFields`. */
export function givenFields(input: object, among?: readonly string[]): string[] {
  const record = input as Record<string, unknown>;
  const keys = among ?? Object.keys(record);
  return keys.filter((key) => !ENVELOPE_FIELDS.has(key) && record[key] !== undefined);
}
