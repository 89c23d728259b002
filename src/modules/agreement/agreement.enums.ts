import { registerLabelledEnum } from '../../common/labels.ts';

/** The five care modes (五养) of W county (paper 000). */
export enum CareMode {
  MEDICAL_CENTRE = 'MEDICAL_CENTRE',
  KIN = 'KIN',
  NEIGHBOUR = 'NEIGHBOUR',
  CHARITY_HOME = 'CHARITY_HOME',
  CADRE_PAIRING = 'CADRE_PAIRING',
}

/** What the helper household undertakes (paper 000's 托养协议). */
export enum CareDuty {
  ECONOMIC_SUPPORT = 'ECONOMIC_SUPPORT',
  DAILY_CARE = 'DAILY_CARE',
  EMOTIONAL_COMFORT = 'EMOTIONAL_COMFORT',
  FUNERAL_ARRANGEMENTS = 'FUNERAL_ARRANGEMENTS',
}

export enum AgreementStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  ENDED = 'ENDED',
}

/** Who signs: the elder, the proxy speaking for them (when one acts), the helper, the witness. */
export enum AgreementParty {
  ELDER = 'ELDER',
  PROXY = 'PROXY',
  HELPER = 'HELPER',
  WITNESS = 'WITNESS',
}

export enum SignatureChannel {
  APP = 'APP',
  PAPER = 'PAPER',
  THUMBPRINT = 'THUMBPRINT',
}

/** Who ends an agreement. */
export enum AgreementEnder {
  ELDER = 'ELDER',
  HELPER = 'HELPER',
  COORDINATOR = 'COORDINATOR',
}

registerLabelledEnum(CareMode, 'CareMode', 'The care mode of an agreement: the five modes (五养).', {
  MEDICAL_CENTRE: ['集中医养', "care at the county's medical-care centre"],
  KIN: ['亲情赡养', 'care by kin'],
  NEIGHBOUR: ['邻里联养', 'care by neighbours'],
  CHARITY_HOME: ['慈善供养', 'care by a charity home'],
  CADRE_PAIRING: ['包帮助养', 'care by party members and cadres paired with the household'],
});

registerLabelledEnum(
  CareDuty,
  'CareDuty',
  'A duty the helper takes on in an agreement; what was agreed is in its text.',
  {
    ECONOMIC_SUPPORT: ['经济供养', 'economic support'],
    DAILY_CARE: ['生活照料', 'daily care'],
    EMOTIONAL_COMFORT: ['精神慰藉', 'emotional comfort'],
    FUNERAL_ARRANGEMENTS: ['丧葬事宜', 'funeral arrangements'],
  },
);

registerLabelledEnum(AgreementStatus, 'AgreementStatus', 'Where a care agreement stands.', {
  DRAFT: ['待签署', 'drafted, waiting for signatures'],
  ACTIVE: ['生效中', 'in force: every party signed'],
  SUSPENDED: ['暂停', 'suspended for a while'],
  ENDED: ['已终止', 'ended'],
});

registerLabelledEnum(AgreementParty, 'AgreementParty', 'A party to a care agreement.', {
  ELDER: ['老人（甲方）', 'the elder'],
  PROXY: ['代理人/监护人', 'the proxy or guardian speaking for the elder'],
  HELPER: ['帮扶方（乙方）', 'the helper: a villager with their household, or an organisation'],
  WITNESS: ['村委会（见证方）', 'the village committee, as witness'],
});

registerLabelledEnum(SignatureChannel, 'SignatureChannel', 'How a party signed.', {
  APP: ['在线签署', 'in the app, by the party themself'],
  PAPER: ['纸质签字', 'on paper; an officer recorded it with a reference to the scan'],
  THUMBPRINT: ['按手印', 'by thumbprint, before a named witness'],
});

registerLabelledEnum(AgreementEnder, 'AgreementEnder', 'Who ends an agreement.', {
  ELDER: ['老人（或代理人）', 'the elder or their proxy: at once, at any time'],
  HELPER: ['帮扶方', 'the helper: after the notice period'],
  COORDINATOR: ['协调员', 'a coordinator (the elder died or moved away)'],
});
