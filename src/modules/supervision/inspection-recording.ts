import crypto from 'node:crypto';
import { idOfType } from '../../common/global-id.ts';
import { lockedById } from '../../db/locked.ts';
import { addCreditEntry } from '../credit/credit.service.ts';
import { CreditEntryKind, CreditSource, CreditSubjectKind } from '../credit/credit.enums.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { today } from '../../common/time.ts';
import { UserErrorCode, type Problems } from '../../common/user-error.ts';
import type { Context } from '../../context.ts';
import { AgreementStatus } from '../agreement/agreement.enums.ts';
import { CareAgreement } from '../agreement/agreement.entity.ts';
import { HelperStandingRow, Inspection, RectificationTask } from './supervision.entity.ts';
import { HelperStanding, InspectionKind, InspectionStatus, RectificationStatus } from './supervision.enums.ts';
import type { RecordInspectionInput } from './supervision.inputs.ts';
import { INDICATORS, judge, type InspectionScores, type SupervisionPolicy } from './supervision-policy.ts';
import { INSPECTOR_ROLES, supervisionPolicyOf } from './supervision.service.ts';

/** What is inspected, resolved from the input (or the planned inspection it carries out). */
interface Target {
  countyId: string;
  regionId: string;
  agreementId: string | null;
  householdId: string | null;
  helperId: string | null;
  kind: InspectionKind;
  planned: Inspection | null;
}

/** How late a paper inspection form may be entered. */
export const MAX_BACKDATE_DAYS = 30;

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function plannedTarget(ctx: Context, globalId: string, problems: Problems): Promise<Target | undefined> {
  const id = idOfType(globalId, 'Inspection');
  const planned = await lockedById(ctx.em, Inspection, id);
  const region = planned ? await ctx.loaders.region.load(planned.regionId) : undefined;
  if (!planned || !region || !ctx.viewer.covers(region.path)) {
    problems.add('plannedInspectionId', UserErrorCode.NOT_FOUND, 'No inspection in your region has this id');
    return undefined;
  }
  if (planned.status !== InspectionStatus.PLANNED)
    problems.add('plannedInspectionId', UserErrorCode.CONFLICT, `This inspection is ${planned.status}, not PLANNED`);
  return { ...planned, planned };
}

async function agreementTarget(
  ctx: Context,
  globalId: string,
  kind: InspectionKind,
  problems: Problems,
): Promise<Target | undefined> {
  const id = idOfType(globalId, 'CareAgreement');
  const agreement = await lockedById(ctx.em, CareAgreement, id, true);
  const region = agreement ? await ctx.loaders.region.load(agreement.regionId) : undefined;
  if (!agreement || !region || !ctx.viewer.covers(region.path)) {
    problems.add('agreementId', UserErrorCode.NOT_FOUND, 'No care agreement in your region has this id');
    return undefined;
  }
  return {
    countyId: agreement.countyId,
    regionId: agreement.regionId,
    agreementId: agreement.id,
    householdId: null,
    helperId: agreement.helperId,
    kind,
    planned: null,
  };
}

async function householdTarget(
  ctx: Context,
  globalId: string,
  kind: InspectionKind,
  problems: Problems,
): Promise<Target | undefined> {
  const id = idOfType(globalId, 'Household');
  const household = id ? await ctx.loaders.household.load(id) : undefined;
  const region = household ? await ctx.loaders.region.load(household.regionId) : undefined;
  if (!household || !region || !ctx.viewer.covers(region.path)) {
    problems.add('householdId', UserErrorCode.NOT_FOUND, 'No household in your region has this id');
    return undefined;
  }
  return {
    countyId: region.path[0],
    regionId: household.regionId,
    agreementId: null,
    householdId: household.id,
    helperId: null,
    kind,
    planned: null,
  };
}

async function resolveTarget(
  ctx: Context,
  input: RecordInspectionInput,
  problems: Problems,
): Promise<Target | undefined> {
  const named = [input.plannedInspectionId, input.agreementId, input.householdId].filter(Boolean).length;
  if (named !== 1) {
    problems.add(
      input.plannedInspectionId ? 'plannedInspectionId' : 'agreementId',
      named === 0 ? UserErrorCode.REQUIRED : UserErrorCode.INVALID,
      'Name exactly one of plannedInspectionId, agreementId and householdId',
    );
    return undefined;
  }
  if (input.plannedInspectionId) {
    if (input.kind)
      problems.add('kind', UserErrorCode.INVALID, 'A planned inspection has its kind already: leave kind out');
    return plannedTarget(ctx, input.plannedInspectionId, problems);
  }
  const kind = input.kind;
  if (!kind) {
    problems.add('kind', UserErrorCode.REQUIRED, 'kind is required (DAILY, SCHEDULED or SPECIAL)');
    return undefined;
  }
  if (kind === InspectionKind.FOLLOW_UP || kind === InspectionKind.UNANNOUNCED) {
    problems.add(
      'kind',
      UserErrorCode.INVALID,
      `A ${kind} inspection is recorded against its planned inspection (plannedInspectionId)`,
    );
    return undefined;
  }
  return input.agreementId
    ? agreementTarget(ctx, input.agreementId, kind, problems)
    : householdTarget(ctx, input.householdId!, kind, problems);
}

function checkScores(scores: InspectionScores, policy: SupervisionPolicy, problems: Problems): void {
  for (const key of INDICATORS) {
    const value = scores[key];
    if (!Number.isFinite(value) || value < 0 || value > policy.scaleMax)
      problems.add(
        `scores.${key}`,
        UserErrorCode.OUT_OF_RANGE,
        `${key} must be between 0 and ${policy.scaleMax} (the county's scale)`,
      );
  }
}

/**
 * Records an inspection (or carries out a planned one). A poor result — the mean, or safety alone,
 * below the county's threshold — opens a rectification task, plans a FOLLOW_UP and, after
 * `poorInRow` poor results of the same helper in a row, takes the helper out of good standing. A
 * passing follow-up closes the task it followed up; a passing result restores the standing.
 */
export function recordInspection(ctx: Context, input: RecordInspectionInput): Promise<MutationResult<Inspection>> {
  return runMutation(ctx, {
    action: 'recordInspection',
    input,
    roles: INSPECTOR_ROLES,
    reload: (id) => ctx.em.findOneBy(Inspection, { id }).then((row) => row ?? undefined),
    check: async (problems) => {
      const target = await resolveTarget(ctx, input, problems);
      if (!target) return undefined;
      if (target.agreementId) {
        const agreement = await ctx.loaders.careAgreement.load(target.agreementId);
        if (agreement && agreement.status !== AgreementStatus.ACTIVE && agreement.status !== AgreementStatus.SUSPENDED)
          problems.add(
            input.plannedInspectionId ? 'plannedInspectionId' : 'agreementId',
            UserErrorCode.CONFLICT,
            `The agreement is ${agreement.status}: only agreements in force (ACTIVE or SUSPENDED) are inspected`,
          );
      }
      const policy = await supervisionPolicyOf(ctx, target.countyId);
      checkScores(input.scores, policy, problems);
      const theme = input.theme?.trim() || target.planned?.theme || null;
      if (target.kind === InspectionKind.SPECIAL && !theme)
        problems.add('theme', UserErrorCode.REQUIRED, 'A SPECIAL inspection names its theme');
      const now = ctx.config.now();
      const at = input.inspectedAt ?? now;
      if (at.getTime() > now.getTime() + 5 * 60_000)
        problems.add('inspectedAt', UserErrorCode.OUT_OF_RANGE, 'inspectedAt must not be in the future');
      else if (at.getTime() < now.getTime() - MAX_BACKDATE_DAYS * 86_400_000)
        problems.add(
          'inspectedAt',
          UserErrorCode.OUT_OF_RANGE,
          `inspectedAt may be at most ${MAX_BACKDATE_DAYS} days ago (a paper form entered late)`,
        );
      if (problems.any) return undefined;
      return async () => {
        const { score, poor } = judge(input.scores, policy);
        const scores = Object.fromEntries(
          INDICATORS.map((key) => [key, input.scores[key]]),
        ) as unknown as InspectionScores;
        const done = {
          status: InspectionStatus.DONE,
          theme,
          inspectedAt: at,
          inspector: ctx.viewer.subject,
          scaleMax: policy.scaleMax,
          scores,
          score,
          poor,
          findings: input.findings?.trim() || null,
          photoRefs: input.photoRefs,
        };
        const id = target.planned?.id ?? crypto.randomUUID();
        if (target.planned) await ctx.em.update(Inspection, { id }, done);
        else
          await ctx.em.insert(Inspection, {
            id,
            countyId: target.countyId,
            regionId: target.regionId,
            kind: target.kind,
            agreementId: target.agreementId,
            householdId: target.householdId,
            helperId: target.helperId,
            followUpOfId: null,
            drawId: null,
            dueDate: null,
            createdBy: ctx.viewer.subject,
            ...done,
          });
        const inspection = await ctx.em.findOneByOrFail(Inspection, { id });
        await consequences(ctx, inspection, policy, today(at));
        return {
          result: inspection,
          entityType: 'Inspection',
          entityId: id,
          countyId: inspection.countyId,
          changedFields: ['status', 'scores'],
        };
      };
    },
  });
}

/** What a result sets off: the task and follow-up of a poor one, the closing of a followed-up task, the standing. */
async function consequences(ctx: Context, inspection: Inspection, policy: SupervisionPolicy, day: string) {
  if (inspection.poor) {
    await ctx.em.insert(RectificationTask, {
      id: crypto.randomUUID(),
      countyId: inspection.countyId,
      regionId: inspection.regionId,
      inspectionId: inspection.id,
      agreementId: inspection.agreementId,
      householdId: inspection.householdId,
      helperId: inspection.helperId,
      dueDate: addDays(day, policy.rectificationDays),
      status: RectificationStatus.OPEN,
    });
    await ctx.em.insert(Inspection, {
      id: crypto.randomUUID(),
      countyId: inspection.countyId,
      regionId: inspection.regionId,
      kind: InspectionKind.FOLLOW_UP,
      agreementId: inspection.agreementId,
      householdId: inspection.householdId,
      helperId: inspection.helperId,
      followUpOfId: inspection.id,
      status: InspectionStatus.PLANNED,
      dueDate: addDays(day, policy.followUpDays),
      photoRefs: [],
      createdBy: ctx.viewer.subject,
    });
  } else if (inspection.followUpOfId) {
    // A passing follow-up puts right the whole chain it ends: the first poor result's task and
    // those of any poor follow-ups after it.
    await ctx.em.query(
      `WITH RECURSIVE chain AS (
         SELECT id, follow_up_of FROM inspection WHERE id = $1
         UNION ALL SELECT i.id, i.follow_up_of FROM inspection i JOIN chain c ON i.id = c.follow_up_of)
       UPDATE rectification_task SET status = 'DONE', closed_at = $2, closed_by = $3,
              closing_note = 'the follow-up inspection passed'
        WHERE status = 'OPEN' AND inspection_id IN (SELECT id FROM chain)`,
      [inspection.followUpOfId, ctx.config.now(), ctx.viewer.subject],
    );
  }
  if (inspection.helperId) await updateStanding(ctx, inspection, policy);
  await recordInCredit(ctx, inspection, policy);
}

/** The helper's standing after this result: out after `poorInRow` poor results in a row, back when the latest passes. */
async function updateStanding(ctx: Context, inspection: Inspection, policy: SupervisionPolicy): Promise<void> {
  const helperId = inspection.helperId!;
  await ctx.em.query(`SELECT pg_advisory_xact_lock(hashtext('helper-standing:' || $1))`, [helperId]);
  const latest: { poor: boolean }[] = await ctx.em.query(
    `SELECT poor FROM inspection WHERE helper_id = $1 AND status = 'DONE'
      ORDER BY inspected_at DESC, created_at DESC LIMIT $2`,
    [helperId, policy.poorInRow],
  );
  const current = await ctx.em.findOneBy(HelperStandingRow, { helperId });
  const out = latest.length === policy.poorInRow && latest.every((row) => row.poor);
  if (out && current?.standing !== HelperStanding.NOT_IN_GOOD_STANDING)
    await ctx.em.upsert(
      HelperStandingRow,
      {
        helperId,
        standing: HelperStanding.NOT_IN_GOOD_STANDING,
        since: ctx.config.now(),
        reason: `${policy.poorInRow} poor inspection results in a row`,
        inspectionId: inspection.id,
      },
      ['helperId'],
    );
  else if (latest.length > 0 && !latest[0].poor && current?.standing === HelperStanding.NOT_IN_GOOD_STANDING)
    await ctx.em.upsert(
      HelperStandingRow,
      {
        helperId,
        standing: HelperStanding.GOOD,
        since: ctx.config.now(),
        reason: 'a passing inspection result',
        inspectionId: inspection.id,
      },
      ['helperId'],
    );
}

/** Points a supervision result writes into the credit record: a poor one −4, an excellent one (90 % of the scale) +2. */
export const POOR_RESULT_POINTS = -4;
export const EXCELLENT_RESULT_POINTS = 2;

/**
 * A poor or an excellent result enters the credit record (诚信档案) of whoever was inspected: the
 * helper (the person, or the organisation) of an agreement, or the household. Ordinary passing
 * results are not written: the record keeps what stands out, and the inspection list keeps the rest.
 */
async function recordInCredit(ctx: Context, inspection: Inspection, policy: SupervisionPolicy): Promise<void> {
  const excellent = !inspection.poor && inspection.score! >= 0.9 * policy.scaleMax;
  if (!inspection.poor && !excellent) return;
  let subject: { subjectKind: CreditSubjectKind; subjectId: string } | undefined;
  if (inspection.householdId) subject = { subjectKind: CreditSubjectKind.HOUSEHOLD, subjectId: inspection.householdId };
  else if (inspection.helperId) {
    const helper = await ctx.loaders.helper.load(inspection.helperId);
    if (helper?.personId) subject = { subjectKind: CreditSubjectKind.PERSON, subjectId: helper.personId };
    else if (helper?.organisationId)
      subject = { subjectKind: CreditSubjectKind.ORGANISATION, subjectId: helper.organisationId };
  }
  if (!subject) return;
  await addCreditEntry(ctx.em, {
    ...subject,
    kind: inspection.poor ? CreditEntryKind.DEMERIT : CreditEntryKind.MERIT,
    points: inspection.poor ? POOR_RESULT_POINTS : EXCELLENT_RESULT_POINTS,
    text: `督查${inspection.poor ? '未达标' : '优秀'}：评分${inspection.score}（满分${inspection.scaleMax}）`,
    source: CreditSource.SUPERVISION,
    sourceId: inspection.id,
    createdBy: ctx.viewer.subject,
  });
}
