import { Field, ID, Int, ObjectType } from 'type-graphql';
import { CreditEntry } from './credit.entity.ts';
import { CreditSubjectKind } from './credit.enums.ts';

@ObjectType('CreditRecord', {
  description:
    'A credit record (诚信档案) of a person, household or organisation: every entry, oldest first. A corrected entry stays, beside its correction.',
})
export class CreditRecordType {
  @Field(() => CreditSubjectKind)
  subjectKind: CreditSubjectKind;

  @Field(() => ID, { description: 'The global id of the person, household or organisation.' })
  subjectGlobalId: string;

  @Field(() => Int, { description: 'The sum of every entry\u2019s points, corrections included.' })
  points: number;

  @Field(() => [CreditEntry])
  entries: CreditEntry[];
}
