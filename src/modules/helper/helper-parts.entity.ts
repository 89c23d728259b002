import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLLocalDate, GraphQLLocalTime } from 'graphql-scalars';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { SensitiveField } from '../../auth/sensitive.ts';
import { toGlobalId } from '../../common/global-id.ts';
import { CertificateKind } from '../catalogue/certificate-kind.enum.ts';
import { Node } from '../node/node.type.ts';

@ObjectType({ description: 'A window in which a helper is available, on one weekday (1 = Monday … 7 = Sunday).' })
@Entity('helper_availability')
export class HelperAvailability {
  @PrimaryColumn('uuid', { name: 'helper_id' })
  helperId: string;

  @Field(() => Int)
  @PrimaryColumn('smallint')
  weekday: number;

  @Field(() => GraphQLLocalTime)
  @PrimaryColumn('time', { name: 'window_start' })
  windowStart: string;

  @Field(() => GraphQLLocalTime)
  @Column('time', { name: 'window_end' })
  windowEnd: string;
}

@ObjectType({ implements: Node, description: 'A qualification a helper holds, valid until it expires.' })
@Entity('certificate')
export class Certificate implements Node {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'helper_id' })
  helperId: string;

  /** Copied from the helper for the sensitive-field guard. */
  regionId: string;

  @Field(() => CertificateKind)
  @Column('enum', { enum: CertificateKind, enumName: 'certificate_kind' })
  kind: CertificateKind;

  @SensitiveField(() => String, 'IDENTITY', 'Certificate number.')
  @Column('text', { nullable: true })
  number: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true })
  @Column('date', { name: 'issued_on', nullable: true })
  issuedOn: string | null;

  @Field(() => GraphQLLocalDate)
  @Column('date', { name: 'expires_on' })
  expiresOn: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  get nodeType(): string {
    return 'Certificate';
  }

  get globalId(): string {
    return toGlobalId('Certificate', this.id);
  }
}
