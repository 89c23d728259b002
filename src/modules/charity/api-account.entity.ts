import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { toGlobalId } from '../../common/global-id.ts';
import { ServiceType } from '../catalogue/service-type.enum.ts';

export enum KeyChannel {
  HTTP = 'HTTP',
  WEBSOCKET = 'WEBSOCKET',
}

export enum KeyUseOutcome {
  OK = 'OK',
  ERROR = 'ERROR',
  FORBIDDEN = 'FORBIDDEN',
  RATE_LIMITED = 'RATE_LIMITED',
}

registerEnumType(KeyChannel, {
  name: 'KeyChannel',
  description: 'How an API key was used: an HTTP request or a graphql-ws operation.',
});
registerEnumType(KeyUseOutcome, {
  name: 'KeyUseOutcome',
  valuesConfig: {
    OK: { description: 'Answered without errors' },
    ERROR: { description: 'Answered with errors (e.g. a bad argument)' },
    FORBIDDEN: { description: "Asked for something a charity's key may not" },
    RATE_LIMITED: { description: "Refused: the key's requests for the minute were spent" },
  },
});

/** A charity's API account: which organisation it is, and what of the feed it may see. */
@ObjectType({
  description: "A charity's API account: its organisation and the scope of the public-need feed it receives.",
})
@Entity('api_account')
export class ApiAccount {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'county_id' })
  countyId: string;

  @Column('uuid', { name: 'organisation_id' })
  organisationId: string;

  @Column('uuid', { name: 'region_ids', array: true })
  regionIds: string[];

  @Field(() => [ServiceType])
  @Column('enum', { name: 'service_types', enum: ServiceType, enumName: 'service_type', array: true })
  serviceTypes: ServiceType[];

  @Field(() => Int, { description: 'Requests (HTTP operations and subscription starts) each key may make per minute.' })
  @Column('integer', { name: 'requests_per_minute' })
  requestsPerMinute: number;

  @Field(() => Date, {
    nullable: true,
    description: 'Set while the account is suspended: its keys authenticate nothing.',
  })
  @Column('timestamptz', { name: 'suspended_at', nullable: true })
  suspendedAt: Date | null;

  @Column('text', { name: 'created_by' })
  createdBy: string;

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('ApiAccount', this.id);
  }
}

@ObjectType({ description: 'An API key. Only its prefix is ever shown again after it is issued.' })
@Entity('api_key')
export class ApiKey {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'account_id' })
  accountId: string;

  @Field(() => String, {
    description: 'The visible start of the key, e.g. "hzk_3fa9c1d2": tells keys apart in logs and lists.',
  })
  @Column('text')
  prefix: string;

  @Column('bytea', { name: 'secret_hash', select: false })
  secretHash: Buffer;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  label: string | null;

  @Column('text', { name: 'created_by' })
  createdBy: string;

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'After this the key stops working (set by rotation to end the overlap).',
  })
  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;

  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('ApiKey', this.id);
  }

  @Field(() => Boolean, { description: 'Neither revoked nor expired.' })
  get active(): boolean {
    return this.revokedAt === null && (this.expiresAt === null || this.expiresAt.getTime() > Date.now());
  }
}

@ObjectType({
  description: 'One use of an API key: when, over which channel, asking what, with what outcome. No payloads are kept.',
})
@Entity('api_key_use')
export class ApiKeyUse {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('uuid', { name: 'key_id' })
  keyId: string;

  @Column('uuid', { name: 'account_id' })
  accountId: string;

  @Field(() => Date)
  @Column('timestamptz', { default: () => 'now()' })
  at: Date;

  @Field(() => KeyChannel)
  @Column('text')
  channel: KeyChannel;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  operation: string | null;

  @Field(() => [String], { description: 'Root fields asked for.' })
  @Column('text', { array: true })
  fields: string[];

  @Field(() => KeyUseOutcome)
  @Column('text')
  outcome: KeyUseOutcome;
}
