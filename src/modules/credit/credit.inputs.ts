import { IsOptional, Length } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { MutationInput } from '../../common/mutation-input.ts';
import { PayloadType } from '../../common/payload.ts';
import { CreditEntry } from './credit.entity.ts';

@InputType({
  description: 'A correction of a credit entry (trust repair, 信任修复): the entry itself stays as it was.',
})
export class CorrectCreditEntryInput extends MutationInput {
  @Field(() => ID, { description: 'The entry corrected.' })
  entryId: string;

  @Field(() => String, { description: 'Why the entry was wrong; 1–1000 characters.' })
  @Length(1, 1000, { message: 'reason must be between 1 and 1000 characters' })
  reason: string;

  @Field(() => String, { description: 'Who approved the correction (name and office); 1–200 characters.' })
  @Length(1, 200, { message: 'approvedBy must be between 1 and 200 characters' })
  approvedBy: string;

  @Field(() => Int, {
    nullable: true,
    description: "Points restored retroactively (追溯性补发); default: the corrected entry's points given back.",
  })
  restoredPoints?: number | null;

  @Field(() => String, { nullable: true, description: 'The apology recorded (公开道歉).' })
  @IsOptional()
  @Length(1, 2000, { message: 'apology must be between 1 and 2000 characters' })
  apology?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The change of rule that prevents it happening again (制度优化承诺).',
  })
  @IsOptional()
  @Length(1, 2000, { message: 'ruleChange must be between 1 and 2000 characters' })
  ruleChange?: string | null;

  @Field(() => String, { nullable: true, description: 'What the record shows; default: 更正 and the original text.' })
  @IsOptional()
  @Length(1, 1000, { message: 'text must be between 1 and 1000 characters' })
  text?: string | null;
}

export const CorrectCreditEntryPayload = PayloadType('CorrectCreditEntryPayload', 'correction', () => CreditEntry);
