import { registerLabelledEnum } from '../../common/labels.ts';

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

registerLabelledEnum(RegionKind, 'RegionKind', 'Administrative level, from the county down to the villager group.', {
  COUNTY: ['县', 'county'],
  TOWNSHIP: ['乡镇', 'township'],
  VILLAGE: ['行政村', 'administrative village'],
  GROUP: ['村民小组', 'villager group or hamlet'],
});
