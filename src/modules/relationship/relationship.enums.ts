import { registerLabelledEnum } from '../../common/labels.ts';

export enum RelationshipKind {
  KIN = 'KIN',
  SPOUSE = 'SPOUSE',
  NEIGHBOUR = 'NEIGHBOUR',
  FRIEND = 'FRIEND',
  CADRE_PAIRING = 'CADRE_PAIRING',
}

export const MAX_KIN_DEGREE = 4;

registerLabelledEnum(RelationshipKind, 'RelationshipKind', 'A symmetric tie between two people.', {
  KIN: ['亲属', 'blood kin, with a degree 1–4 (parent/child 1, sibling/grandparent 2, uncle/nephew 3, cousin 4)'],
  SPOUSE: ['配偶', 'spouse'],
  NEIGHBOUR: ['邻居', 'neighbour'],
  FRIEND: ['朋友', 'close friend'],
  CADRE_PAIRING: [
    '党员干部包帮',
    'a party member or cadre paired with an elder of a household in hardship; the cadre must be a party member',
  ],
});
