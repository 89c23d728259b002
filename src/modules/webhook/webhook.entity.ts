import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { toGlobalId } from '../../common/global-id.ts';
import { PublicNeedEventType } from '../public-need/public-need.enums.ts';

export enum WebhookEndpointStatus {
  ACTIVE = 'ACTIVE',
  DISABLED = 'DISABLED',
}

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}

registerEnumType(WebhookEndpointStatus, {
  name: 'WebhookEndpointStatus',
  valuesConfig: {
    DISABLED: {
      description: 'Receives nothing: disabled by its charity, or after deliveries kept failing (see disabledReason)',
    },
  },
});
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  valuesConfig: {
    PENDING: { description: 'Not yet accepted; retried with exponential backoff' },
    DELIVERED: { description: 'The receiver answered 2xx' },
    FAILED: { description: 'Retries ran out (or the endpoint was disabled); replayWebhookEvent sends it again' },
  },
});

@ObjectType({ description: 'Where a charity receives the public-need feed by HTTPS POST, signed with its secret.' })
@Entity('webhook_endpoint')
export class WebhookEndpoint {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'account_id' })
  accountId: string;

  @Field(() => String)
  @Column('text')
  url: string;

  @Column('text', { select: false })
  secret: string;

  @Field(() => [PublicNeedEventType])
  @Column('enum', { name: 'event_types', enum: PublicNeedEventType, enumName: 'public_need_event_type', array: true })
  eventTypes: PublicNeedEventType[];

  @Field(() => WebhookEndpointStatus)
  @Column('enum', { enum: WebhookEndpointStatus, enumName: 'webhook_endpoint_status' })
  status: WebhookEndpointStatus;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The notice given when it was disabled.' })
  @Column('text', { name: 'disabled_reason', nullable: true })
  disabledReason: string | null;

  @Column('text', { name: 'created_by' })
  createdBy: string;

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('WebhookEndpoint', this.id);
  }
}

@ObjectType({ description: 'One event sent (or being sent) to one endpoint.' })
@Entity('webhook_delivery')
export class WebhookDelivery {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'endpoint_id' })
  endpointId: string;

  @Column('bigint', { name: 'event_position' })
  eventPosition: string;

  @Field(() => WebhookDeliveryStatus)
  @Column('enum', { enum: WebhookDeliveryStatus, enumName: 'webhook_delivery_status' })
  status: WebhookDeliveryStatus;

  @Field(() => Int)
  @Column('integer')
  attempts: number;

  @Column('uuid', { name: 'replay_of', nullable: true })
  replayOf: string | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  @Field(() => Int, { nullable: true })
  @Column('integer', { name: 'last_status_code', nullable: true })
  lastStatusCode: number | null;

  @Field(() => String, { nullable: true })
  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;

  @Field(() => ID, { name: 'id' })
  get globalId(): string {
    return toGlobalId('WebhookDelivery', this.id);
  }

  @Field(() => Boolean, { description: 'Sent again by replayWebhookEvent.' })
  get replay(): boolean {
    return this.replayOf !== null;
  }
}

@ObjectType({ description: 'One HTTP attempt of a delivery.' })
@Entity('webhook_attempt')
export class WebhookAttempt {
  @PrimaryColumn('uuid', { name: 'delivery_id' })
  deliveryId: string;

  @Field(() => Int)
  @PrimaryColumn('integer')
  attempt: number;

  @Field(() => Date)
  @Column('timestamptz', { default: () => 'now()' })
  at: Date;

  @Field(() => Int, { nullable: true })
  @Column('integer', { name: 'status_code', nullable: true })
  statusCode: number | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  error: string | null;

  @Field(() => Int)
  @Column('integer', { name: 'duration_ms' })
  durationMs: number;
}
