import { GraphQLLocalDate, GraphQLLocalTime } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { CertificateKind } from '../catalogue/certificate-kind.enum.ts';
import { ServiceType } from '../catalogue/service-type.enum.ts';
import { RecurrenceKind } from '../need/need.enums.ts';
import { PriorityBand } from '../policy/priority.ts';
import '../policy/policy.types.ts';
import { PublicNeedEventType, PublicNeedState } from './public-need.enums.ts';

/** The JSON kept in the outbox and in public_need.payload: exactly what a charity may see. */
export interface PublicNeedData {
  id: string;
  state: PublicNeedState;
  village: { code: string; name: string; township: string; county: string };
  serviceType: ServiceType;
  schedule: {
    recurrence: RecurrenceKind;
    weekdays: number[];
    windowStart: string;
    windowEnd: string;
    minutesPerOccurrence: number;
    startDate: string;
    endDate: string | null;
    helpersNeeded: number;
    summaryZh: string;
  };
  requiredCertificate: CertificateKind | null;
  urgency: PriorityBand;
  ageBand: string;
  waitingSince: string | null;
  daysUnmet: number;
  escalated: boolean;
}

@ObjectType({ description: 'The village a public need is in. Never the group, household or address.' })
export class PublicVillage {
  @Field(() => String) code: string;
  @Field(() => String) name: string;
  @Field(() => String, { description: 'Its township (乡镇).' }) township: string;
  @Field(() => String) county: string;
}

@ObjectType({ description: 'When help is wanted.' })
export class PublicSchedule {
  @Field(() => RecurrenceKind) recurrence: RecurrenceKind;
  @Field(() => [Int], { description: '1 = Monday … 7 = Sunday; empty unless WEEKLY.' }) weekdays: number[];
  @Field(() => GraphQLLocalTime) windowStart: string;
  @Field(() => GraphQLLocalTime) windowEnd: string;
  @Field(() => Int) minutesPerOccurrence: number;
  @Field(() => GraphQLLocalDate) startDate: string;
  @Field(() => GraphQLLocalDate, { nullable: true }) endDate: string | null;
  @Field(() => Int, { description: 'Helpers needed at once.' }) helpersNeeded: number;
  @Field(() => String, { description: 'e.g. "每周一、三、五"' }) summaryZh: string;
}

@ObjectType({
  description:
    'A need as charities see it: redacted. No name, address, household, health detail or notes — only what a charity needs to offer help. ' +
    "Its id is stable and cannot be turned into the need's internal id.",
})
export class PublicNeed {
  @Field(() => ID, { description: 'Opaque, stable id ("pn_…").' }) id: string;
  @Field(() => PublicNeedState) state: PublicNeedState;
  @Field(() => PublicVillage) village: PublicVillage;
  @Field(() => ServiceType) serviceType: ServiceType;
  @Field(() => PublicSchedule) schedule: PublicSchedule;
  @Field(() => CertificateKind, { nullable: true, description: 'A certificate the helper must hold.' })
  requiredCertificate: CertificateKind | null;
  @Field(() => PriorityBand, { description: "The county's priority band, without the facts behind it." })
  urgency: PriorityBand;
  @Field(() => String, { description: 'Age in ten-year bands: "60–69", "70–79", "80–89" or "90+".' }) ageBand: string;
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Waiting since this day.' }) waitingSince:
    string | null;
  @Field(() => Int, { description: 'Days waited so far (as of the event, or of the query).' }) daysUnmet: number;
  @Field(() => Boolean, {
    description:
      'The last match run found nobody near: the safety net escalated it to an organisation or the coordinator.',
  })
  escalated: boolean;
}

@ObjectType({ description: 'One event of the public-need feed, as delivered by subscriptions and webhooks.' })
export class PublicNeedEvent {
  @Field(() => ID, { description: 'Unique per event: receivers dedupe by it (delivery is at least once).' })
  eventId: string;
  @Field(() => String, { description: 'Pass as `after` to resume the feed after this event.' }) cursor: string;
  @Field(() => PublicNeedEventType) type: PublicNeedEventType;
  @Field(() => Date) occurredAt: Date;
  @Field(() => ID) publicNeedId: string;
  @Field(() => PublicNeedState) state: PublicNeedState;
  @Field(() => PublicNeed, { nullable: true, description: 'The need as of the event; null once WITHDRAWN.' })
  publicNeed: PublicNeed | null;
}
