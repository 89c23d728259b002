import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { SensitiveField } from '../../auth/sensitive.ts';
import { toGlobalId } from '../../common/global-id.ts';
import { Node } from '../node/node.type.ts';

@ObjectType({ implements: Node, description: 'A household (户) registered in a village or group.' })
@Entity('household')
export class Household implements Node {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'county_id' })
  countyId: string;

  @Column('uuid', { name: 'region_id' })
  regionId: string;

  @Field(() => String, { description: 'Household number, unique within its region.' })
  @Column('text')
  code: string;

  @SensitiveField(() => String, 'IDENTITY', 'Street address or house location.')
  @Column('text', { nullable: true })
  address: string | null;

  /** Where the house stands (WGS 84); identifying, so not in the API yet. Used for distances in the matching. */
  @Column('double precision', { nullable: true })
  latitude: number | null;

  @Column('double precision', { nullable: true })
  longitude: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  get nodeType(): string {
    return 'Household';
  }

  get globalId(): string {
    return toGlobalId('Household', this.id);
  }
}
