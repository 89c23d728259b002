import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { OVERSIGHT_READER_ROLES, Role } from '../../auth/role.ts';
import { forbidden, notFound } from '../../common/errors.ts';
import { fromGlobalId, idOfType } from '../../common/global-id.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { UserErrorCode } from '../../common/user-error.ts';
import type { Context } from '../../context.ts';
import { CreditEntry } from './credit.entity.ts';
import { CreditEntryKind, CreditSource, CreditSubjectKind, SUBJECT_NODE_TYPE } from './credit.enums.ts';
import type { CorrectCreditEntryInput } from './credit.inputs.ts';

/** What another module gives to write an entry; county and region are read from the subject. */
export interface NewCreditEntry {
  subjectKind: CreditSubjectKind;
  /** Raw uuid of the person, household or organisation. */
  subjectId: string;
  kind: Exclude<CreditEntryKind, CreditEntryKind.CORRECTION>;
  /** Negative for a demerit, positive for a merit, 0 for a note. */
  points: number;
  text: string;
  source: Exclude<CreditSource, CreditSource.CORRECTION>;
  /** The complaint, inspection … it comes from (raw uuid). */
  sourceId?: string | null;
  grade?: string | null;
  /** Who writes it: the viewer's subject, or `system:<job>`. */
  createdBy: string;
}

const SUBJECT_TABLE: Record<CreditSubjectKind, string> = {
  PERSON: 'person',
  HOUSEHOLD: 'household',
  ORGANISATION: 'organisation',
};

/** County and region of a record's subject, or undefined when there is no such subject. */
async function placeOf(
  em: EntityManager,
  kind: CreditSubjectKind,
  id: string,
): Promise<{ countyId: string; regionId: string } | undefined> {
  const rows: { county_id: string; region_id: string }[] = await em.query(
    `SELECT county_id, region_id FROM ${SUBJECT_TABLE[kind]} WHERE id = $1`,
    [id],
  );
  return rows[0] ? { countyId: rows[0].county_id, regionId: rows[0].region_id } : undefined;
}

/**
 * Adds an entry to a credit record, in the caller's transaction (`em`), and returns its id. The one
 * way other modules write the record: complaints (upheld complaints, mediation outcomes, rulings)
 * and supervision (inspection results). Entries are never changed afterwards; to undo one, a
 * coordinator or official records a correction (`correctCreditEntry`).
 */
export async function addCreditEntry(em: EntityManager, entry: NewCreditEntry): Promise<string> {
  const place = await placeOf(em, entry.subjectKind, entry.subjectId);
  if (!place) throw new Error(`addCreditEntry: no ${entry.subjectKind} has the id ${entry.subjectId}`);
  const id = crypto.randomUUID();
  await em.insert(CreditEntry, {
    id,
    ...place,
    subjectKind: entry.subjectKind,
    subjectId: entry.subjectId,
    kind: entry.kind,
    points: entry.points,
    grade: entry.grade ?? null,
    text: entry.text,
    source: entry.source,
    sourceId: entry.sourceId ?? null,
    createdBy: entry.createdBy,
  });
  return id;
}

/** Who records a correction (trust repair), inside their scope. */
export const CORRECTION_ROLES = [Role.ADMIN, Role.COUNTY_OFFICIAL, Role.COORDINATOR, Role.ARBITRATOR];

/** Is this the viewer's own record: their person, or their household? */
async function isOwnRecord(ctx: Context, kind: CreditSubjectKind, id: string): Promise<boolean> {
  const me = ctx.viewer.claims?.personId;
  if (!me) return false;
  if (kind === CreditSubjectKind.PERSON) return id === me;
  if (kind === CreditSubjectKind.HOUSEHOLD) return (await ctx.loaders.person.load(me))?.householdId === id;
  return false;
}

async function canReadRecord(ctx: Context, kind: CreditSubjectKind, id: string, regionId: string): Promise<boolean> {
  const region = await ctx.loaders.region.load(regionId);
  if (!region || !ctx.viewer.covers(region.path)) return false;
  if (OVERSIGHT_READER_ROLES.includes(ctx.viewer.role!)) return true;
  return isOwnRecord(ctx, kind, id);
}

export interface CreditRecordView {
  subjectKind: CreditSubjectKind;
  subjectId: string;
  entries: CreditEntry[];
}

/** A subject kind from a global id's type (Person, Household, Organisation). */
function subjectKindOf(globalId: string): CreditSubjectKind | undefined {
  const type = fromGlobalId(globalId)?.type;
  return (Object.keys(SUBJECT_NODE_TYPE) as CreditSubjectKind[]).find((kind) => SUBJECT_NODE_TYPE[kind] === type);
}

/** The record of a person, household or organisation: every entry, oldest first, corrected ones included. */
export async function creditRecord(ctx: Context, subjectGlobalId: string): Promise<CreditRecordView> {
  ctx.viewer.require();
  if (ctx.viewer.role === Role.CHARITY) throw forbidden('Charities do not read credit records');
  const kind = subjectKindOf(subjectGlobalId);
  const id = kind ? idOfType(subjectGlobalId, SUBJECT_NODE_TYPE[kind]) : undefined;
  const place = kind && id ? await placeOf(ctx.em, kind, id) : undefined;
  if (!kind || !id || !place) throw notFound('No person, household or organisation has this id');
  if (!(await canReadRecord(ctx, kind, id, place.regionId))) throw forbidden('You may not read this credit record');
  const entries = await ctx.em.find(CreditEntry, {
    where: { subjectKind: kind, subjectId: id },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  return { subjectKind: kind, subjectId: id, entries };
}

/** Points of a record: every entry's points, corrections adding what they restore. */
export function balanceOf(entries: readonly CreditEntry[]): number {
  return entries.reduce((sum, entry) => sum + entry.points, 0);
}

export function correctCreditEntry(ctx: Context, input: CorrectCreditEntryInput): Promise<MutationResult<CreditEntry>> {
  return runMutation(ctx, {
    action: 'correctCreditEntry',
    input,
    roles: CORRECTION_ROLES,
    reload: (id) => ctx.em.findOneBy(CreditEntry, { id }).then((row) => row ?? undefined),
    check: async (problems) => {
      const id = idOfType(input.entryId, 'CreditEntry');
      const entry = id
        ? await ctx.em
            .getRepository(CreditEntry)
            .createQueryBuilder('e')
            .setLock('pessimistic_write')
            .where('e.id = :id', { id })
            .getOne()
        : null;
      const region = entry ? await ctx.loaders.region.load(entry.regionId) : undefined;
      if (!entry || !region || !ctx.viewer.covers(region.path)) {
        problems.add('entryId', UserErrorCode.NOT_FOUND, 'No credit entry you may read has this id');
        return undefined;
      }
      if ((await ctx.em.countBy(CreditEntry, { correctsId: entry.id })) > 0)
        problems.add('entryId', UserErrorCode.CONFLICT, 'This entry is already corrected: correct its correction');
      const points = input.restoredPoints ?? -entry.points;
      if (problems.any) return undefined;
      return async () => {
        const correctionId = crypto.randomUUID();
        await ctx.em.insert(CreditEntry, {
          id: correctionId,
          countyId: entry.countyId,
          regionId: entry.regionId,
          subjectKind: entry.subjectKind,
          subjectId: entry.subjectId,
          kind: CreditEntryKind.CORRECTION,
          points,
          text: input.text?.trim() || `更正：${entry.text}`,
          source: CreditSource.CORRECTION,
          sourceId: entry.sourceId,
          correctsId: entry.id,
          correctionReason: input.reason.trim(),
          approvedBy: input.approvedBy.trim(),
          apology: input.apology?.trim() || null,
          ruleChange: input.ruleChange?.trim() || null,
          createdBy: ctx.viewer.subject,
        });
        return {
          result: await ctx.em.findOneByOrFail(CreditEntry, { id: correctionId }),
          entityType: 'CreditEntry',
          entityId: correctionId,
          countyId: entry.countyId,
          changedFields: ['correctsId', 'points', 'correctionReason', 'approvedBy', 'apology', 'ruleChange'],
        };
      };
    },
  });
}

/** The entry behind a global id, when the viewer may read its record. */
export async function requireReadableCreditEntry(ctx: Context, globalId: string): Promise<CreditEntry> {
  ctx.viewer.require();
  const id = idOfType(globalId, 'CreditEntry');
  const entry = id ? await ctx.loaders.creditEntry.load(id) : undefined;
  if (!entry) throw notFound('No credit entry has this id');
  if (!(await canReadRecord(ctx, entry.subjectKind, entry.subjectId, entry.regionId)))
    throw forbidden('You may not read this credit record');
  return entry;
}
