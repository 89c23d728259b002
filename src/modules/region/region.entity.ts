import { Field, Float, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { toGlobalId } from '../../common/global-id.ts';
import { Node } from '../node/node.type.ts';
import { RegionKind } from './region.enums.ts';

@ObjectType({ implements: Node, description: 'A county, township, village or villager group.' })
@Entity('region')
export class Region implements Node {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'county_id' })
  countyId: string;

  @Column('uuid', { name: 'parent_id', nullable: true })
  parentId: string | null;

  @Field(() => RegionKind)
  @Column('enum', { enum: RegionKind, enumName: 'region_kind' })
  kind: RegionKind;

  @Field(() => String, { description: "Statistical division code; a child extends its parent's code." })
  @Column('text')
  code: string;

  @Field(() => String)
  @Column('text')
  name: string;

  @Field(() => Float, { nullable: true, description: "Latitude of the region's centre (WGS 84), where known." })
  @Column('double precision', { nullable: true })
  latitude: number | null;

  @Field(() => Float, { nullable: true, description: "Longitude of the region's centre (WGS 84), where known." })
  @Column('double precision', { nullable: true })
  longitude: number | null;

  /** Ids from the county down to this region, itself last. */
  @Column('uuid', { array: true })
  path: string[];

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  get nodeType(): string {
    return 'Region';
  }

  get globalId(): string {
    return toGlobalId('Region', this.id);
  }
}
