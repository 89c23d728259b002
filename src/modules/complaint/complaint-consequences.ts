import crypto from 'node:crypto';
import { IsNull, type EntityManager } from 'typeorm';
import { addCreditEntry } from '../credit/credit.service.ts';
import { CreditEntryKind, CreditSource, CreditSubjectKind } from '../credit/credit.enums.ts';
import { HelperSuspension } from './complaint.entity.ts';
import { ComplaintOutcome, ComplaintSeverity } from './complaint.enums.ts';
import type { Complaint } from './complaint.entity.ts';

/**
 * Points an outcome costs the one complained about: an upheld ordinary complaint -6, a serious
 * one -20, half of that when partly upheld (whole points: the column is an integer); a complaint
 * not upheld costs nothing and is not written into their record (a record of accusations found
 * baseless would itself be unfair).
 */
export function creditPointsFor(outcome: ComplaintOutcome, severity: ComplaintSeverity): number {
  const full = severity === ComplaintSeverity.SERIOUS ? -20 : -6;
  if (outcome === ComplaintOutcome.UPHELD) return full;
  if (outcome === ComplaintOutcome.PARTLY_UPHELD) return full / 2;
  return 0;
}

/** Does this outcome suspend the complaint's helper from new proposals? */
export function suspends(complaint: Pick<Complaint, 'severity' | 'helperId'>, outcome: ComplaintOutcome): boolean {
  return (
    outcome === ComplaintOutcome.UPHELD && complaint.severity === ComplaintSeverity.SERIOUS && !!complaint.helperId
  );
}

/**
 * What a mediation outcome or a ruling writes (in the deciding transaction): an entry in the
 * credit record of the person (or else the organisation) complained about, and, for an upheld
 * serious complaint against a helper, a suspension from new proposals until a coordinator reviews it.
 */
export async function applyOutcome(
  em: EntityManager,
  complaint: Complaint,
  outcome: ComplaintOutcome,
  outcomeText: string,
  source: CreditSource.MEDIATION | CreditSource.RULING,
  actor: string,
): Promise<void> {
  const points = creditPointsFor(outcome, complaint.severity);
  const subject = complaint.concernedPersonId
    ? { subjectKind: CreditSubjectKind.PERSON, subjectId: complaint.concernedPersonId }
    : complaint.concernedOrganisationId
      ? { subjectKind: CreditSubjectKind.ORGANISATION, subjectId: complaint.concernedOrganisationId }
      : undefined;
  if (subject && points !== 0) {
    await addCreditEntry(em, {
      ...subject,
      kind: CreditEntryKind.DEMERIT,
      points,
      text: `${source === CreditSource.RULING ? '仲裁裁决' : '调解结果'}：${outcomeText}`,
      source,
      sourceId: complaint.id,
      createdBy: actor,
    });
  }
  if (!suspends(complaint, outcome)) return;
  const open = await em.countBy(HelperSuspension, { helperId: complaint.helperId!, reviewedAt: IsNull() });
  if (open === 0)
    await em.insert(HelperSuspension, {
      id: crypto.randomUUID(),
      helperId: complaint.helperId!,
      complaintId: complaint.id,
    });
}
