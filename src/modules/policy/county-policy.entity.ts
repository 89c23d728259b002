import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PriorityWeights } from './priority.ts';
import type { SupervisionPolicy } from '../supervision/supervision-policy.ts';

/** A county's tunable rules. Absent row: the documented defaults. */
@Entity('county_policy')
export class CountyPolicy {
  @PrimaryColumn('uuid', { name: 'county_id' })
  countyId: string;

  @Column('jsonb', { name: 'priority_weights', nullable: true })
  priorityWeights: PriorityWeights | null;

  /** Overrides of the matching policy's defaults (src/matching/policy.ts). */
  @Column('jsonb', { nullable: true })
  matching: Record<string, unknown> | null;

  /** The county's supervision rules (src/modules/supervision/supervision-policy.ts); null: the defaults. */
  @Column('jsonb', { nullable: true })
  supervision: Partial<SupervisionPolicy> | null;
  /** Overrides of the mediation deadlines (src/modules/policy/mediation-policy.ts). */
  @Column('jsonb', { nullable: true })
  mediation: Record<string, unknown> | null;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;

  @Column('text', { name: 'updated_by' })
  updatedBy: string;
}
