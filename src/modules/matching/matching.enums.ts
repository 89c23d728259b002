import { registerLabelledEnum } from '../../common/labels.ts';
import type {
  RunnerUpReason as EngineRunnerUpReason,
  Tier as EngineTier,
  UnmetReason as EngineUnmetReason,
} from '../../matching/types.ts';

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

registerLabelledEnum(MatchRunStatus, 'MatchRunStatus', 'Where a match run stands.', {
  QUEUED: ['排队中', 'queued'],
  RUNNING: ['计算中', 'running'],
  SUCCEEDED: ['已完成', 'done'],
  FAILED: ['失败', 'failed'],
});
registerLabelledEnum(ProposalStatus, 'ProposalStatus', 'Where a proposal stands.', {
  PROPOSED: ['待协调员确认', 'waiting for a coordinator'],
  CONFIRMED: ['已确认', 'confirmed: a standing assignment'],
  REJECTED: ['已拒绝', 'rejected, with a reason'],
  REASSIGNED: ['已改派', 'replaced by the coordinator’s choice'],
  SUPERSEDED: ['已被新一轮取代', 'replaced by a later run'],
});
registerLabelledEnum(MatchTier, 'MatchTier', 'The ring of the differential order (差序格局) a proposal comes from.', {
  KIN: ['亲属', 'kin or spouse'],
  CADRE: ['包帮党员干部', 'the paired party member or cadre'],
  NEIGHBOUR: ['邻居', 'a neighbour (same group, or a neighbour or friend tie)'],
  VILLAGE: ['同村村民', 'a fellow villager'],
  ORGANISATION: ['组织（兜底）', 'an organisation serving the region: the safety net'],
});

/** Why a runner-up was not chosen (a closed set: the engine's RunnerUpReason). */
export enum RunnerUpReason {
  FARTHER_RING = 'FARTHER_RING',
  HIGHER_COST = 'HIGHER_COST',
  CAPACITY_FULL = 'CAPACITY_FULL',
  TAKEN_IN_THIS_RUN = 'TAKEN_IN_THIS_RUN',
  WINDOW = 'WINDOW',
  CERTIFICATE = 'CERTIFICATE',
  DISTANCE = 'DISTANCE',
  REFUSED = 'REFUSED',
  UNAVAILABLE = 'UNAVAILABLE',
  SUSPENDED = 'SUSPENDED',
}

registerLabelledEnum(RunnerUpReason, 'RunnerUpReason', 'Why a runner-up was not chosen.', {
  FARTHER_RING: ['关系更远', 'further from the elder'],
  HIGHER_COST: ['安排代价更高', 'a costlier arrangement'],
  CAPACITY_FULL: ['本周已满', 'full before this run'],
  TAKEN_IN_THIS_RUN: ['已在本次安排给其他老人', 'given to another elder in this run'],
  WINDOW: ['时间对不上', 'not free at those hours'],
  CERTIFICATE: ['缺少所需证书', 'lacks the certificate'],
  DISTANCE: ['不在服务范围', 'out of reach'],
  REFUSED: ['老人不愿意', 'refused by the elder'],
  UNAVAILABLE: ['暂停或未同意', 'paused or without consent'],
  SUSPENDED: ['投诉成立，待复核', 'suspended after an upheld serious complaint, until reviewed'],
});

/** Why a need was left unmet (a closed set: the engine's UnmetReason). */
export enum UnmetReason {
  NO_CANDIDATE = 'NO_CANDIDATE',
  NO_CAPACITY = 'NO_CAPACITY',
  CERTIFICATE = 'CERTIFICATE',
  WINDOW = 'WINDOW',
  DISTANCE = 'DISTANCE',
  REFUSED = 'REFUSED',
  UNAVAILABLE = 'UNAVAILABLE',
}

registerLabelledEnum(UnmetReason, 'UnmetReason', 'Why a need was left unmet by a run.', {
  NO_CANDIDATE: ['附近没有人提供这项服务', 'nobody near offers the service'],
  NO_CAPACITY: ['能帮的人都已满', 'everyone who could is full'],
  CERTIFICATE: ['没有持证人员', 'nobody holds the certificate'],
  WINDOW: ['时间都对不上', 'nobody is free at those hours'],
  DISTANCE: ['能帮的人都太远', 'everyone who could is too far'],
  REFUSED: ['老人拒绝了能帮的人', 'the elder refused those who could'],
  UNAVAILABLE: ['能帮的人暂停或未同意', 'those who could are paused or without consent'],
});

export { UnmetEscalation } from '../need/need.enums.ts';

/** The GraphQL enums and the engine's closed sets are one list each: this fails to compile if they drift. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const ENUMS_MATCH_ENGINE: [
  Same<`${RunnerUpReason}`, EngineRunnerUpReason>,
  Same<`${UnmetReason}`, EngineUnmetReason>,
  Same<`${MatchTier}`, EngineTier>,
] = [true, true, true];
