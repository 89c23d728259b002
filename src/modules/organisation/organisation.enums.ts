import { registerEnumType } from 'type-graphql';

export enum OrganisationKind {
  CHARITY_HOME = 'CHARITY_HOME',
  MEDICAL_CARE_CENTRE = 'MEDICAL_CARE_CENTRE',
  SOCIAL_ORGANISATION = 'SOCIAL_ORGANISATION',
  CLINIC = 'CLINIC',
  COMPANY = 'COMPANY',
  PARTY_BRANCH = 'PARTY_BRANCH',
}

registerEnumType(OrganisationKind, {
  name: 'OrganisationKind',
  valuesConfig: {
    CHARITY_HOME: { description: '慈善幸福院 village charity happiness home' },
    MEDICAL_CARE_CENTRE: { description: '医养中心 county medical-care centre (集中医养)' },
    SOCIAL_ORGANISATION: { description: '社会组织 social organisation, social-work agency, volunteer team' },
    CLINIC: { description: '卫生室 village or township clinic' },
    COMPANY: { description: '企业 company, e.g. donating meals' },
    PARTY_BRANCH: { description: '党支部 village party branch (包帮 cadre care)' },
  },
});
