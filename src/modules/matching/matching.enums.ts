import { registerEnumType } from 'type-graphql';

export enum MatchRunStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}

export enum ProposalStatus {
  PROPOSED = 'PROPOSED',
  CONFIRMED = 'CONFIRMED',
  REJECTED = 'REJECTED',
  REASSIGNED = 'REASSIGNED',
  SUPERSEDED = 'SUPERSEDED',
}

export enum MatchTier {
  KIN = 'KIN',
  CADRE = 'CADRE',
  NEIGHBOUR = 'NEIGHBOUR',
  VILLAGE = 'VILLAGE',
  ORGANISATION = 'ORGANISATION',
}

registerEnumType(MatchRunStatus, { name: 'MatchRunStatus' });
registerEnumType(ProposalStatus, {
  name: 'ProposalStatus',
  valuesConfig: {
    PROPOSED: { description: 'Waiting for a coordinator' },
    CONFIRMED: { description: "Confirmed: a standing assignment now counts as the helper's load" },
    REJECTED: { description: 'Rejected by a coordinator, with a reason' },
    REASSIGNED: { description: "Replaced by a coordinator's own choice of helper" },
    SUPERSEDED: { description: 'Replaced by a later run before anyone decided' },
  },
});
registerEnumType(MatchTier, {
  name: 'MatchTier',
  description: 'The ring of the differential order (差序格局) a proposal comes from.',
  valuesConfig: {
    KIN: { description: '亲缘 kin (degree ≤ 3) or spouse' },
    CADRE: { description: '包帮 a party member or cadre paired with the elder (包帮助养)' },
    NEIGHBOUR: { description: '地缘 same villager group, or a neighbour or friend tie' },
    VILLAGE: { description: '乡缘 fellow villager' },
    ORGANISATION: { description: '业缘/事缘 an organisation serving the region: the safety net (兜底)' },
  },
});
