import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { toGlobalId } from '../../common/global-id.ts';
import { Node } from '../node/node.type.ts';
import { CreditEntryKind, CreditSource, CreditSubjectKind } from './credit.enums.ts';

/**
 * One entry of a credit record (诚信档案). Never changed or deleted (the database refuses it): a
 * correction is a new entry whose `correctsId` names the one it corrects, with the reason, who
 * approved it, and the trust-repair measures (points restored, apology, the rule changed).
 */
@ObjectType({ implements: Node, description: 'An entry of a credit record (诚信档案); never changed or deleted.' })
@Entity('credit_entry')
export class CreditEntry implements Node {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'county_id' })
  countyId: string;

  /** The subject's region, for the read rule. */
  @Column('uuid', { name: 'region_id' })
  regionId: string;

  @Field(() => CreditSubjectKind)
  @Column('text', { name: 'subject_kind' })
  subjectKind: CreditSubjectKind;

  @Column('uuid', { name: 'subject_id' })
  subjectId: string;

  @Field(() => CreditEntryKind)
  @Column('text')
  kind: CreditEntryKind;

  @Field(() => Int, {
    description: 'Points: negative for a demerit; on a correction, the points restored (or taken back).',
  })
  @Column('int')
  points: number;

  @Field(() => String, { nullable: true, description: 'A grade, where the source gives one (e.g. an inspection).' })
  @Column('text', { nullable: true })
  grade: string | null;

  @Field(() => String)
  @Column('text')
  text: string;

  @Field(() => CreditSource)
  @Column('text')
  source: CreditSource;

  /** The complaint, inspection … it comes from (raw uuid; its type follows from `source`). */
  @Column('uuid', { name: 'source_id', nullable: true })
  sourceId: string | null;

  @Column('uuid', { name: 'corrects_id', nullable: true })
  correctsId: string | null;

  @Field(() => String, { nullable: true, description: 'Why the corrected entry was wrong (corrections only).' })
  @Column('text', { name: 'correction_reason', nullable: true })
  correctionReason: string | null;

  @Field(() => String, { nullable: true, description: 'Who approved the correction (corrections only).' })
  @Column('text', { name: 'approved_by', nullable: true })
  approvedBy: string | null;

  @Field(() => String, { nullable: true, description: 'The apology recorded with a correction (公开道歉).' })
  @Column('text', { nullable: true })
  apology: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The change of rule committed to so that it does not happen again (制度优化承诺).',
  })
  @Column('text', { name: 'rule_change', nullable: true })
  ruleChange: string | null;

  @Field(() => String)
  @Column('text', { name: 'created_by' })
  createdBy: string;

  @Field(() => Date)
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  get nodeType(): string {
    return 'CreditEntry';
  }

  get globalId(): string {
    return toGlobalId('CreditEntry', this.id);
  }
}
