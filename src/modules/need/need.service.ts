import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Context } from '../../context.ts';
import { Role } from '../../auth/role.ts';
import { paginate, type Connection } from '../../common/connection.ts';
import { forbidden, notFound } from '../../common/errors.ts';
import { idOfType } from '../../common/global-id.ts';
import { runMutation, type MutationResult } from '../../common/mutation.ts';
import { UserErrorCode, type Problems } from '../../common/user-error.ts';
import { givenFields } from '../../common/mutation-input.ts';
import type { Person } from '../person/person.entity.ts';
import { listScope } from '../region/region.service.ts';
import { readablePersonOrNull } from '../person/person.service.ts';
import { Need, NeedHelperPreference, NeedStatusChange } from './need.entity.ts';
import { NEXT_STATUSES, NeedOrder, NeedStatus, RecurrenceKind, UNMET_STATUSES } from './need.enums.ts';
import { BAND_RANK, joinCountyPolicy, priorityBandRankSql, priorityScoreSql } from '../policy/priority.ts';
import { NeedStatusReason, REASONS_FOR } from './need-status-reason.enum.ts';
import type {
  ChangeNeedStatusInput,
  CreateNeedInput,
  NeedsArgs,
  ResumeNeedInput,
  UpdateNeedInput,
} from './need.inputs.ts';
import { checkNeedShape, checkPreferences, elderInScope, shapeOf, tied, type NeedShape } from './need.checks.ts';
import { releaseAssignmentsOfNeed } from '../assignment/assignment.service.ts';

/** Needs are entered by coordinators and officials, by helpers on a visit and by family proxies. */
export const NEED_ROLES = [Role.ADMIN, Role.COUNTY_OFFICIAL, Role.COORDINATOR, Role.HELPER, Role.FAMILY_PROXY];

export async function listNeeds(ctx: Context, args: NeedsArgs): Promise<Connection<Need>> {
  const scope = await listScope(ctx, args.regionId);
  const query = ctx.em.getRepository(Need).createQueryBuilder('need');
  if (scope) query.where('need.region_id IN (SELECT id FROM region WHERE :scope = ANY(path))', { scope: scope.id });
  if (args.status?.length) query.andWhere('need.status IN (:...statuses)', { statuses: args.status });
  if (args.serviceType) query.andWhere('need.service_type = :serviceType', { serviceType: args.serviceType });
  const score = priorityScoreSql('need');
  const bandRank = priorityBandRankSql(score);
  const mayReadScore = scope ? ctx.viewer.canSeeSensitive(scope.path) : ctx.viewer.role === Role.ADMIN;
  const byBand = args.orderBy !== NeedOrder.NEWEST && args.orderBy !== NeedOrder.WAITING && !mayReadScore;
  if (byBand || args.band?.length) joinCountyPolicy(query, 'need');
  if (args.band?.length)
    query.andWhere(`${bandRank} IN (:...bandRanks)`, { bandRanks: args.band.map((band) => BAND_RANK[band]) });
  // Longest waiting first: the earliest unmet_since (needs met meanwhile by when they were entered).
  const waiting = 'need.waiting_key';
  const columns =
    args.orderBy === NeedOrder.NEWEST
      ? ["date_trunc('milliseconds', need.created_at)", 'need.id']
      : args.orderBy === NeedOrder.WAITING
        ? [waiting, 'need.id']
        : // The exact score only for those who may read it; others get the band, then the waiting time.
          mayReadScore
          ? [score, waiting, 'need.id']
          : [bandRank, waiting, 'need.id'];
  return paginate(query, args, { sort: { columns, descending: true }, maxPageSize: ctx.config.maxPageSize });
}

export async function requireReadableNeed(ctx: Context, globalId: string): Promise<Need> {
  ctx.viewer.require();
  const id = idOfType(globalId, 'Need');
  const need = id ? await ctx.loaders.need.load(id) : undefined;
  if (!need) throw notFound('No need has this id');
  const region = await ctx.loaders.region.load(need.regionId);
  ctx.viewer.assertCanRead(region!.path);
  return need;
}

/**
 * May the viewer enter or change needs of this elder? Coordinators and officials within
 * their scope; helpers within their region (on a visit); family proxies only for an elder
 * they are tied to, which `checkProxy` verifies.
 */
async function assertMayWriteFor(ctx: Context, elder: Person): Promise<void> {
  const region = await ctx.loaders.region.load(elder.regionId);
  const role = ctx.viewer.role;
  const allowed =
    role === Role.HELPER || role === Role.FAMILY_PROXY
      ? ctx.viewer.covers(region!.path)
      : ctx.viewer.canWrite(region!.path);
  if (!allowed) throw forbidden('You cannot enter needs for this elder');
}

async function checkProxy(
  ctx: Context,
  input: CreateNeedInput,
  elder: Person,
  problems: Problems,
): Promise<string | null> {
  let proxyId: string | null = null;
  if (input.proxyId != null) {
    const id = idOfType(input.proxyId, 'Person');
    // The proxy must be someone the writer may read (their name then shows on the need).
    const proxy = id ? await readablePersonOrNull(ctx, id) : null;
    if (!proxy) {
      problems.add('proxyId', UserErrorCode.NOT_FOUND, 'No person with this id in your region');
      return null;
    }
    proxyId = proxy.id;
  } else if (ctx.viewer.role === Role.FAMILY_PROXY) {
    proxyId = ctx.viewer.claims?.personId ?? null;
    if (!proxyId) throw forbidden('A FAMILY_PROXY token must name its person');
  }
  if (proxyId && proxyId !== elder.id && !(await tied(ctx, proxyId, elder.id))) {
    problems.add(
      'proxyId',
      UserErrorCode.NO_TIE,
      'The proxy has no recorded tie to the elder: add the relationship first',
    );
  }
  return proxyId;
}

/**
 * The elder's stated choices, each with who said it (the elder, or the proxy speaking for them)
 * and when. A choice stated again unchanged keeps its first date; one withdrawn is removed.
 */
async function writePreferences(
  ctx: Context,
  needId: string,
  preferences: { preferred: string[]; refused: string[] } | undefined,
  spokenByProxyId: string | null,
): Promise<void> {
  if (!preferences) return;
  const wanted = [
    ...preferences.preferred.map((helperId) => ({ helperId, preferred: true })),
    ...preferences.refused.map((helperId) => ({ helperId, preferred: false })),
  ];
  const existing = await ctx.em.findBy(NeedHelperPreference, { needId });
  const same = (a: { helperId: string; preferred: boolean }, b: { helperId: string; preferred: boolean }) =>
    a.helperId === b.helperId && a.preferred === b.preferred;
  const gone = existing.filter((row) => !wanted.some((w) => same(w, row)));
  const fresh = wanted.filter((w) => !existing.some((row) => same(w, row)));
  for (const row of gone) await ctx.em.delete(NeedHelperPreference, { needId, helperId: row.helperId });
  if (fresh.length > 0)
    await ctx.em.insert(
      NeedHelperPreference,
      fresh.map((w) => ({ ...w, needId, spokenByProxyId, enteredBy: ctx.viewer.subject })),
    );
}

/** Who speaks for the elder in an update: a family proxy's own person, else the elder themself. */
function speakerOfUpdate(ctx: Context, elderId: string): string | null {
  const self = ctx.viewer.role === Role.FAMILY_PROXY ? (ctx.viewer.claims?.personId ?? null) : null;
  return self && self !== elderId ? self : null;
}

/** The columns a checked shape sets (a one-off need has no end date; weekdays are kept sorted). */
function shapeColumns(shape: NeedShape) {
  return {
    serviceType: shape.serviceType!,
    minutesPerOccurrence: shape.minutesPerOccurrence!,
    recurrence: shape.recurrence!,
    weekdays: [...shape.weekdays].sort(),
    windowStart: shape.windowStart!,
    windowEnd: shape.windowEnd!,
    startDate: shape.startDate!,
    endDate: shape.recurrence === RecurrenceKind.ONCE ? null : (shape.endDate ?? null),
    helpersNeeded: shape.helpersNeeded,
  };
}

function reloadNeed(ctx: Context) {
  return (id: string) => ctx.em.findOneBy(Need, { id }).then((row) => row ?? undefined);
}

export function createNeed(ctx: Context, input: CreateNeedInput): Promise<MutationResult<Need>> {
  return runMutation(ctx, {
    action: 'createNeed',
    input,
    roles: NEED_ROLES,
    reload: reloadNeed(ctx),
    check: async (problems) => {
      const elder = await elderInScope(ctx, input.elderId, problems);
      if (!elder) return undefined;
      await assertMayWriteFor(ctx, elder);
      if (!elder.isElder)
        problems.add(
          'elderId',
          UserErrorCode.WRONG_KIND,
          `${elder.age} years old: needs are for elders aged 60 and over`,
        );
      const proxyId = await checkProxy(ctx, input, elder, problems);
      const shape = shapeOf(input);
      checkNeedShape(shape, problems, true);
      const preferences = await checkPreferences(ctx, input, elder.countyId, elder.id, problems);
      if (problems.any) return undefined;
      return async () => {
        const id = crypto.randomUUID();
        await ctx.em.insert(Need, {
          id,
          countyId: elder.countyId,
          regionId: elder.regionId,
          elderId: elder.id,
          ...shapeColumns(shape),
          requiredCertificate: input.requiredCertificate ?? null,
          notes: input.notes?.trim() || null,
          status: NeedStatus.OPEN,
          entryChannel: input.channel,
          enteredBy: ctx.viewer.subject,
          proxyId,
        });
        await ctx.em.insert(NeedStatusChange, {
          needId: id,
          fromStatus: null,
          toStatus: NeedStatus.OPEN,
          reason: NeedStatusReason.ENTERED,
          note: null,
          actor: ctx.viewer.subject,
        });
        await writePreferences(ctx, id, preferences, proxyId && proxyId !== elder.id ? proxyId : null);
        ctx.record({ type: 'NeedChanged', needId: id });
        ctx.record({ type: 'NeedOpened', needId: id });
        const need = await ctx.em.findOneByOrFail(Need, { id });
        return {
          result: need,
          entityType: 'Need',
          entityId: id,
          countyId: need.countyId,
          changedFields: givenFields(input),
        };
      };
    },
  });
}

async function writableNeed(
  ctx: Context,
  globalId: string,
  problems: Problems,
): Promise<{ need: Need; elder: Person } | undefined> {
  const id = idOfType(globalId, 'Need');
  const need = id ? await ctx.em.findOneBy(Need, { id }) : null;
  const region = need ? await ctx.loaders.region.load(need.regionId) : undefined;
  const elder = need ? await ctx.loaders.person.load(need.elderId) : undefined;
  if (!need || !region || !elder || !ctx.viewer.covers(region.path)) {
    problems.add('id', UserErrorCode.NOT_FOUND, 'No need with this id in your region');
    return undefined;
  }
  await assertMayWriteFor(ctx, elder);
  if (ctx.viewer.role === Role.FAMILY_PROXY) {
    const self = ctx.viewer.claims?.personId;
    if (!self || (self !== elder.id && !(await tied(ctx, self, elder.id))))
      throw forbidden('Only a proxy tied to the elder may change this need');
  }
  return { need, elder };
}

export function updateNeed(ctx: Context, input: UpdateNeedInput): Promise<MutationResult<Need>> {
  return runMutation(ctx, {
    action: 'updateNeed',
    input,
    roles: NEED_ROLES,
    reload: reloadNeed(ctx),
    check: async (problems) => {
      const found = await writableNeed(ctx, input.id, problems);
      if (!found) return undefined;
      const { need, elder } = found;
      if (need.status === NeedStatus.CLOSED || need.status === NeedStatus.CANCELLED) {
        problems.add('id', UserErrorCode.CONFLICT, `A ${need.status} need cannot be changed`);
        return undefined;
      }
      const shape = shapeOf(input, need);
      checkNeedShape(shape, problems, false);
      const preferences = await checkPreferences(ctx, input, elder.countyId, elder.id, problems);
      if (problems.any) return undefined;
      return async () => {
        await ctx.em.update(
          Need,
          { id: need.id },
          {
            ...shapeColumns(shape),
            ...(input.requiredCertificate !== undefined ? { requiredCertificate: input.requiredCertificate } : {}),
            ...(input.notes !== undefined ? { notes: input.notes?.trim() || null } : {}),
          },
        );
        await writePreferences(ctx, need.id, preferences, speakerOfUpdate(ctx, elder.id));
        ctx.record({ type: 'NeedChanged', needId: need.id });
        const updated = await ctx.em.findOneByOrFail(Need, { id: need.id });
        return {
          result: updated,
          entityType: 'Need',
          entityId: need.id,
          countyId: need.countyId,
          changedFields: givenFields(input),
        };
      };
    },
  });
}

/** Moves a need along its lifecycle, recording who and why. Also used by the matching. */
/** A status change: the coded reason everyone may read, and a sensitive note beside it. */
export async function recordStatus(
  ctx: Context,
  need: Need,
  to: NeedStatus,
  reason: NeedStatusReason,
  note: string | null = null,
): Promise<void> {
  const unmetSince = UNMET_STATUSES.has(to) ? (UNMET_STATUSES.has(need.status) ? need.unmetSince : new Date()) : null;
  await ctx.em.update(
    Need,
    { id: need.id },
    { status: to, statusReason: reason, statusNote: note, statusChangedAt: new Date(), unmetSince },
  );
  await ctx.em.insert(NeedStatusChange, {
    needId: need.id,
    fromStatus: need.status,
    toStatus: to,
    reason,
    note,
    actor: ctx.viewer.subject,
  });
  if (to === NeedStatus.PAUSED || to === NeedStatus.CLOSED || to === NeedStatus.CANCELLED) {
    // Helpers committed to it are free again: their load must not count it any more.
    await releaseAssignmentsOfNeed(ctx.em, need.id);
  }
  ctx.record({ type: 'NeedChanged', needId: need.id });
  if (to === NeedStatus.OPEN && !UNMET_STATUSES.has(need.status)) ctx.record({ type: 'NeedOpened', needId: need.id });
}

/**
 * A match run proposed helpers for these needs: the OPEN ones become PROPOSED, each with its
 * history row (actor: the run). Set-based, as a county run may move thousands at once.
 */
export async function markNeedsProposed(em: EntityManager, needIds: string[], actor: string): Promise<void> {
  if (needIds.length === 0) return;
  await em.query(
    `WITH moved AS (UPDATE need SET status = $3, status_changed_at = now(), status_reason_code = $4, status_note = NULL
                     WHERE id = ANY($1) AND status = $5 RETURNING id)
     INSERT INTO need_status_change (need_id, from_status, to_status, reason_code, actor) SELECT id, $5, $3, $4, $2 FROM moved`,
    [needIds, actor, NeedStatus.PROPOSED, NeedStatusReason.MATCH_PROPOSED, NeedStatus.OPEN],
  );
}

/** What a run's safety net made of each need it left unmet (the public feed's `escalated`); cleared for the run's other needs. */
export async function setEscalations(
  em: EntityManager,
  needIds: string[],
  unmet: readonly { needId: string; escalation: string | null }[],
): Promise<void> {
  await em.query('UPDATE need SET escalation = NULL WHERE id = ANY($1) AND escalation IS NOT NULL', [needIds]);
  await em.query(
    `UPDATE need n SET escalation = u.escalation FROM json_to_recordset($1::json) AS u(need_id uuid, escalation text) WHERE n.id = u.need_id`,
    [JSON.stringify(unmet.map((u) => ({ need_id: u.needId, escalation: u.escalation })))],
  );
}

export function changeNeedStatus(
  ctx: Context,
  action: string,
  input: ChangeNeedStatusInput | ResumeNeedInput,
  to: NeedStatus,
): Promise<MutationResult<Need>> {
  return runMutation(ctx, {
    action,
    input,
    roles: NEED_ROLES,
    reload: reloadNeed(ctx),
    check: async (problems) => {
      const found = await writableNeed(ctx, input.id, problems);
      if (!found) return undefined;
      const { need } = found;
      if (!NEXT_STATUSES[need.status].includes(to)) {
        problems.add('id', UserErrorCode.CONFLICT, `A ${need.status} need cannot become ${to}`);
        return undefined;
      }
      if (to === NeedStatus.OPEN && need.status !== NeedStatus.PAUSED) {
        problems.add('id', UserErrorCode.CONFLICT, 'Only a PAUSED need can be resumed');
        return undefined;
      }
      const given =
        'reason' in input
          ? { reason: input.reason, note: input.note?.trim() || null }
          : { reason: NeedStatusReason.RESUMED, note: null };
      if ('reason' in input) {
        const allowed = REASONS_FOR[to] ?? [];
        if (!allowed.includes(input.reason))
          problems.add('reason', UserErrorCode.INVALID, `A ${to} need takes one of ${allowed.join(', ')}`);
        if (input.reason === NeedStatusReason.OTHER && !given.note)
          problems.add('note', UserErrorCode.REQUIRED, 'Say what happened when the reason is OTHER');
        if (problems.any) return undefined;
      }
      return async () => {
        await recordStatus(ctx, need, to, given.reason, given.note);
        const updated = await ctx.em.findOneByOrFail(Need, { id: need.id });
        return {
          result: updated,
          entityType: 'Need',
          entityId: need.id,
          countyId: need.countyId,
          changedFields: ['status'],
        };
      };
    },
  });
}
