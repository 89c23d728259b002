import { IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { ArgsType, Field, Float, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../common/connection.ts';
import { MutationInput } from '../../common/mutation-input.ts';
import { RegionKind } from './region.enums.ts';
import { IsCleanName } from '../../common/text.ts';

/** Digits of a region's code at each level: 县 6, 乡镇 9, 村 12, 组 15 (统计用区划代码, plus 3 for the group). */
export const CODE_LENGTH: Record<RegionKind, number> = {
  [RegionKind.COUNTY]: 6,
  [RegionKind.TOWNSHIP]: 9,
  [RegionKind.VILLAGE]: 12,
  [RegionKind.GROUP]: 15,
};

@ArgsType()
export class RegionsArgs extends PageArgs {
  @Field(() => ID, {
    nullable: true,
    description: 'Alone: the direct children of this region. With `kind`: every region of that kind below it.',
  })
  parentId?: string | null;

  @Field(() => RegionKind, {
    nullable: true,
    description: 'Every region of this kind inside your scope (below `parentId` when given).',
  })
  kind?: RegionKind | null;
}

@InputType()
export class CreateRegionInput extends MutationInput {
  @Field(() => ID, { nullable: true, description: 'The parent region; omit only for a new county (ADMIN).' })
  parentId?: string | null;

  @Field(() => RegionKind, {
    nullable: true,
    description: 'Defaults to the level below the parent; must match it when given.',
  })
  kind?: RegionKind | null;

  @Field(() => String, {
    description:
      "Statistical code: 6 digits for a county, 9 a township, 12 a village, 15 a group; it must extend the parent's code.",
  })
  @Matches(/^[0-9]+$/, { message: 'code must contain digits only' })
  code: string;

  @Field(() => String)
  @IsCleanName()
  @Length(1, 64, { message: 'name must be between 1 and 64 characters' })
  name: string;

  @Field(() => Float, { nullable: true, description: "Latitude of the region's centre; give both or neither." })
  @IsOptional()
  @Min(-90, { message: 'latitude must be between -90 and 90' })
  @Max(90, { message: 'latitude must be between -90 and 90' })
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: "Longitude of the region's centre; give both or neither." })
  @IsOptional()
  @Min(-180, { message: 'longitude must be between -180 and 180' })
  @Max(180, { message: 'longitude must be between -180 and 180' })
  longitude?: number | null;
}
