import { GraphQLLocalTime } from 'graphql-scalars';
import { NeedStatus, RecurrenceKind } from './need.enums.ts';
import { NeedStatusReason } from './need-status-reason.enum.ts';
import { Field, Int, ObjectType } from 'type-graphql';
import { SensitiveField } from '../../auth/sensitive.ts';
import { PriorityPartType } from '../policy/policy.types.ts';
import { PriorityBand } from '../policy/priority.ts';
import { Helper } from '../helper/helper.entity.ts';
import { Person } from '../person/person.entity.ts';

@ObjectType({ description: 'When a need recurs.' })
export class Recurrence {
  @Field(() => RecurrenceKind) kind: RecurrenceKind;
  @Field(() => [Int], { description: '1 = Monday … 7 = Sunday; empty unless WEEKLY.' }) weekdays: number[];
  @Field(() => GraphQLLocalTime) windowStart: string;
  @Field(() => GraphQLLocalTime) windowEnd: string;
  @Field(() => String, { description: 'In words, e.g. 每周一、三、五 11:00–12:30.' }) summaryZh: string;
}

@ObjectType('NeedStatusChange', { description: "One step in a need's life." })
export class NeedStatusChangeType {
  /** For the sensitive-field guard on `note`. */
  regionId: string;
  @Field(() => NeedStatus, { nullable: true }) from: NeedStatus | null;
  @Field(() => NeedStatus) to: NeedStatus;
  @Field(() => NeedStatusReason) reason: NeedStatusReason;
  @SensitiveField(() => String, 'HEALTH', 'What was said about the change; may hold health details.')
  note: string | null;
  @Field(() => String, { description: 'Who made the change (token subject).' }) actor: string;
  @Field(() => Date) at: Date;
}

@ObjectType({
  description: "How urgent a need is, derived from the elder's situation and the days waited, by the county's weights.",
})
export class NeedPriority {
  /** For the sensitive-field guard on `parts`. */
  regionId: string;

  @SensitiveField(
    () => Int,
    'HEALTH',
    "The score; with the county's published weights it reveals the health factors behind it. The band is for everyone who reads the need.",
  )
  score: number;
  @Field(() => PriorityBand) band: PriorityBand;

  @SensitiveField(
    () => [PriorityPartType],
    'HEALTH',
    'The factors behind the score; they reveal health and living situation.',
  )
  parts: PriorityPartType[];
}

@ObjectType({
  description: "A helper the elder asked for or refused, with who said it and when (老人本人选择 or a proxy's word).",
})
export class StatedChoice {
  @Field(() => Helper, { nullable: true, description: 'Null when outside your region.' }) helper: Helper | null;
  @Field(() => Boolean, { description: 'True: asked for; false: refused.' }) preferred: boolean;
  @Field(() => Boolean, { description: 'The elder said it themself (no proxy spoke for them).' }) byElder: boolean;
  @Field(() => Person, {
    nullable: true,
    description: 'The proxy who said it for the elder; null when the elder did, or when you may not read them.',
  })
  spokenBy: Person | null;
  @Field(() => Date) statedAt: Date;
}
