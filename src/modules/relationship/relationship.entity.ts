import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { RelationshipKind } from './relationship.enums.ts';

/** Stored once per pair and kind, with personAId < personBId; see relationship.type.ts for the API view. */
@Entity('relationship')
export class RelationshipRow {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'county_id' })
  countyId: string;

  @Column('uuid', { name: 'person_a_id' })
  personAId: string;

  @Column('uuid', { name: 'person_b_id' })
  personBId: string;

  @Column('enum', { enum: RelationshipKind, enumName: 'relationship_kind' })
  kind: RelationshipKind;

  @Column('smallint', { name: 'kin_degree', nullable: true })
  kinDegree: number | null;

  @Column('text', { name: 'kin_term', nullable: true })
  kinTerm: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
