import { registerEnumType } from 'type-graphql';

export enum RelationshipKind {
  KIN = 'KIN',
  SPOUSE = 'SPOUSE',
  NEIGHBOUR = 'NEIGHBOUR',
  FRIEND = 'FRIEND',
  CADRE_PAIRING = 'CADRE_PAIRING',
}

export const MAX_KIN_DEGREE = 4;

registerEnumType(RelationshipKind, {
  name: 'RelationshipKind',
  description: 'A symmetric tie between two people.',
  valuesConfig: {
    KIN: {
      description:
        '亲缘 blood kin, with a degree 1–4 (parent/child 1, sibling/grandparent 2, uncle/nephew 3, cousin 4)',
    },
    SPOUSE: { description: '配偶 spouse' },
    NEIGHBOUR: { description: '邻里 neighbour' },
    FRIEND: { description: '朋友 close friend' },
    CADRE_PAIRING: {
      description:
        '包帮 a party member or cadre paired with an elder of a household in hardship (包帮助养); the cadre must be a party member',
    },
  },
});
