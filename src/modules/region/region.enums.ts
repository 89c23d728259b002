import { registerEnumType } from 'type-graphql';

export enum RegionKind {
  COUNTY = 'COUNTY',
  TOWNSHIP = 'TOWNSHIP',
  VILLAGE = 'VILLAGE',
  GROUP = 'GROUP',
}

/** The kind a child of each kind must have. */
export const CHILD_KIND: Record<RegionKind, RegionKind | undefined> = {
  [RegionKind.COUNTY]: RegionKind.TOWNSHIP,
  [RegionKind.TOWNSHIP]: RegionKind.VILLAGE,
  [RegionKind.VILLAGE]: RegionKind.GROUP,
  [RegionKind.GROUP]: undefined,
};

registerEnumType(RegionKind, {
  name: 'RegionKind',
  description: 'Administrative level, from the county down to the villager group.',
  valuesConfig: {
    COUNTY: { description: '县 county' },
    TOWNSHIP: { description: '乡镇 township' },
    VILLAGE: { description: '行政村 administrative village' },
    GROUP: { description: '村民小组/自然村 villager group or hamlet' },
  },
});
