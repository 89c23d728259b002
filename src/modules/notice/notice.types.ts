import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { InspectionKind } from '../supervision/supervision.enums.ts';

@ObjectType({ description: 'How many inspections of one kind a notice reports.' })
export class NoticeKindCount {
  @Field(() => InspectionKind) kind: InspectionKind;
  @Field(() => Int) count: number;
}

@ObjectType({ description: 'The inspections of the period, in figures.' })
export class NoticeInspectionSummary {
  @Field(() => Int) total: number;
  @Field(() => Int) poor: number;
  @Field(() => Float, { nullable: true, description: 'Mean score as a share of the scale, 0–1.' })
  meanShare: number | null;
  @Field(() => [NoticeKindCount]) byKind: NoticeKindCount[];
  @Field(() => Int, { description: 'Rectification tasks opened in the period and put right since.' })
  rectified: number;
  @Field(() => Int, { description: 'Rectification tasks opened in the period and still open.' })
  rectifying: number;
}

@ObjectType({
  description:
    "One line of a notice. Only structured facts, named as the county's notice policy allows: never an elder's name, ID number, address or health, never free text an inspector or a party wrote.",
})
export class NoticeEntry {
  @Field(() => GraphQLLocalDate) date: string;
  @Field(() => String, { description: 'What kind of entry: 督查结果 …' }) heading: string;
  @Field(() => String, {
    nullable: true,
    description: 'The helper as the policy allows (全名, 李某某) or null (不具名).',
  })
  name: string | null;
  @Field(() => String, { description: 'The fact, in Chinese.' }) text: string;
}

@ObjectType({ description: 'A village notice (公示) of a period: what the county allows to be posted on the board.' })
export class PublicNotice {
  @Field(() => String, { description: 'The village (or township) it is posted in.' }) regionName: string;
  @Field(() => GraphQLLocalDate) from: string;
  @Field(() => GraphQLLocalDate) to: string;
  @Field(() => NoticeInspectionSummary) inspections: NoticeInspectionSummary;
  @Field(() => [NoticeEntry], { description: 'Poor results and their rectification, oldest first.' })
  entries: NoticeEntry[];
  @Field(() => [NoticeEntry], {
    description:
      'Rulings of the county arbitration (互助养老仲裁庭) on complaints about care in the region, oldest first: the outcome and the category, never the complaint or the ruling in words.',
  })
  rulings: NoticeEntry[];
  @Field(() => String, { description: 'Where the printable A4 page is served (GET, same Authorization header).' })
  printPath: string;
}
