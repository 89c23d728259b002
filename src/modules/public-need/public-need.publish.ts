import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from '../../common/canonical-json.ts';
import type { SelfCareLevel } from '../person/person.enums.ts';
import { weekdaySummaryZh } from '../need/recurrence-text.ts';
import { NeedStatus, UNMET_STATUSES_SQL, type RecurrenceKind } from '../need/need.enums.ts';
import { elderNeedPriority, weightsWithDefaults, type PriorityWeights } from '../policy/priority.ts';
import { PublicNeedEventType, PublicNeedState } from './public-need.enums.ts';
import type { PublicNeedData } from './public-need.type.ts';
import { ageInYear, daysWaited, today } from '../../common/time.ts';

/** Channel PostgreSQL NOTIFY uses to wake feed readers; the payload is empty, the outbox is the truth. */
export const PUBLIC_NEED_CHANNEL = 'huzhu_public_needs';

/**
 * THE sharing rule, once: a need is shared with charities while it waits for help (OPEN or
 * PROPOSED) and its elder, or their proxy, has consented and not withdrawn. Which charity
 * sees a shared need is the SQL function charity_covers (regions and service types).
 */
export const SHARED_NEED_SQL = (n: string) =>
  `(${n}.status IN ${UNMET_STATUSES_SQL} AND EXISTS (SELECT 1 FROM sharing_consent sc WHERE sc.elder_id = ${n}.elder_id AND sc.withdrawn_at IS NULL))`;

interface NeedRow {
  id: string;
  county_id: string;
  service_type: string;
  status: string;
  recurrence: RecurrenceKind;
  weekdays: number[];
  window_start: string;
  window_end: string;
  minutes_per_occurrence: number;
  start_date: string;
  end_date: string | null;
  helpers_needed: number;
  required_certificate: string | null;
  unmet_since: Date | null;
  escalation: string | null;
  path: string[];
  shared: boolean;
  public_id: string | null;
  visible: boolean | null;
  payload: PublicNeedData | null;
  birth_year: number;
  self_care_level: SelfCareLevel | null;
  lives_alone: boolean;
  bottom_line_household: boolean;
  disability: string;
  priority_weights: PriorityWeights | null;
}

export function ageBand(age: number): string {
  if (age >= 90) return '90+';
  const from = Math.max(Math.floor(age / 10) * 10, 60);
  return `${from}–${from + 9}`;
}

function newPublicId(): string {
  return `pn_${crypto.randomBytes(12).toString('base64url')}`;
}

function buildPayload(
  row: NeedRow,
  publicId: string,
  names: Map<string, { name: string; code: string; kind: string }>,
): PublicNeedData {
  const regions = row.path.map((id) => names.get(id)!);
  const village = regions.find((r) => r.kind === 'VILLAGE') ?? regions.at(-1)!;
  const township = regions.find((r) => r.kind === 'TOWNSHIP');
  const age = ageInYear(row.birth_year);
  // Charities see the day the waiting began (in China), not the moment: the days count from it.
  const waitingSince = row.unmet_since ? today(new Date(row.unmet_since)) : null;
  const daysUnmet = daysWaited(waitingSince);
  const priority = elderNeedPriority(
    {
      selfCareLevel: row.self_care_level,
      livesAlone: row.lives_alone,
      bottomLineHousehold: row.bottom_line_household,
      disability: row.disability,
      birthYear: row.birth_year,
    },
    row.unmet_since,
    weightsWithDefaults(row.priority_weights),
  );
  return {
    id: publicId,
    state: row.status === NeedStatus.PROPOSED ? PublicNeedState.PROPOSED : PublicNeedState.WAITING,
    village: { code: village.code, name: village.name, township: township?.name ?? '', county: regions[0].name },
    serviceType: row.service_type as PublicNeedData['serviceType'],
    schedule: {
      recurrence: row.recurrence,
      weekdays: row.recurrence === 'WEEKLY' ? row.weekdays : [],
      windowStart: row.window_start,
      windowEnd: row.window_end,
      minutesPerOccurrence: row.minutes_per_occurrence,
      startDate: row.start_date,
      endDate: row.end_date,
      helpersNeeded: row.helpers_needed,
      summaryZh: weekdaySummaryZh(row.recurrence, row.weekdays, row.start_date),
    },
    requiredCertificate: row.required_certificate as PublicNeedData['requiredCertificate'],
    urgency: priority.band,
    ageBand: ageBand(age),
    waitingSince,
    daysUnmet,
    escalated: row.escalation !== null,
  };
}

/** Two payloads differ in something a charity would act on (days waited grow by themselves). */
function differs(a: PublicNeedData, b: PublicNeedData): boolean {
  const strip = ({ daysUnmet: _d, ...rest }: PublicNeedData) => canonicalJson(rest);
  return strip(a) !== strip(b);
}

interface EventRow {
  event_id: string;
  type: PublicNeedEventType;
  public_id: string;
  county_id: string;
  region_path: string[];
  service_type: string;
  payload: unknown;
}

/**
 * Brings the public feed up to date with these needs, inside the caller's transaction: a need
 * that became shared is published, a shared one that changed is updated, one that stopped
 * being shared is withdrawn. Events go to the outbox in the same transaction as the change, and
 * a NOTIFY (delivered at commit) wakes the readers. Needs never shared produce nothing.
 */
export async function publishNeedChanges(em: EntityManager, needIds: readonly string[]): Promise<number> {
  if (needIds.length === 0) return 0;
  const rows: NeedRow[] = await em.query(
    `SELECT n.id, n.county_id, n.service_type, n.status, n.recurrence, n.weekdays, n.window_start::text, n.window_end::text,
            n.minutes_per_occurrence, n.start_date::text, n.end_date::text, n.helpers_needed, n.required_certificate, n.unmet_since,
            n.escalation, r.path, ${SHARED_NEED_SQL('n')} AS shared, pn.public_id, pn.visible, pn.payload,
            p.birth_year, p.self_care_level, p.lives_alone, p.bottom_line_household, p.disability, cp.priority_weights
       FROM need n JOIN region r ON r.id = n.region_id JOIN person p ON p.id = n.elder_id
       LEFT JOIN public_need pn ON pn.need_id = n.id LEFT JOIN county_policy cp ON cp.county_id = n.county_id
      WHERE n.id = ANY($1) AND (${SHARED_NEED_SQL('n')} OR pn.visible)`,
    [needIds],
  );
  if (rows.length === 0) return 0;
  const regionIds = [...new Set(rows.flatMap((row) => row.path))];
  const names = new Map<string, { name: string; code: string; kind: string }>(
    (
      (await em.query('SELECT id, name, code, kind FROM region WHERE id = ANY($1)', [regionIds])) as {
        id: string;
        name: string;
        code: string;
        kind: string;
      }[]
    ).map((r) => [r.id, r]),
  );

  const states: { need_id: string; public_id: string; visible: boolean; payload: unknown }[] = [];
  const events: EventRow[] = [];
  for (const row of rows) {
    const publicId = row.public_id ?? newPublicId();
    const event = (type: PublicNeedEventType, payload: unknown) =>
      events.push({
        event_id: crypto.randomUUID(),
        type,
        public_id: publicId,
        county_id: row.county_id,
        region_path: row.path,
        service_type: row.service_type,
        payload,
      });
    if (row.shared) {
      const payload = buildPayload(row, publicId, names);
      if (!row.visible) event(PublicNeedEventType.NEED_PUBLISHED, payload);
      else if (row.payload && !differs(row.payload, payload)) continue;
      else event(PublicNeedEventType.NEED_UPDATED, payload);
      states.push({ need_id: row.id, public_id: publicId, visible: true, payload });
    } else {
      const payload = { id: publicId, state: PublicNeedState.WITHDRAWN };
      event(PublicNeedEventType.NEED_UPDATED, payload);
      states.push({ need_id: row.id, public_id: publicId, visible: false, payload });
    }
  }
  if (states.length > 0) {
    await em.query(
      `INSERT INTO public_need (need_id, public_id, visible, payload)
       SELECT need_id, public_id, visible, payload FROM json_to_recordset($1::json) AS s(need_id uuid, public_id text, visible boolean, payload jsonb)
       ON CONFLICT (need_id) DO UPDATE SET visible = excluded.visible, payload = excluded.payload, updated_at = now()`,
      [JSON.stringify(states)],
    );
  }
  if (events.length > 0) {
    // Positions must be handed out in commit order, or a reader that has moved past position N
    // would miss an N-1 committed later. The lock is held from here to the end of the caller's
    // transaction, so callers publish as their last write: holding it while waiting for another
    // lock could close a cycle (mutations through runMutation; a match run at its end).
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('huzhu_public_need_event'))`);
    await em.query(
      `INSERT INTO public_need_event (event_id, type, public_id, county_id, region_path, service_type, payload)
       SELECT event_id, type, public_id, county_id, region_path, service_type, payload
         FROM json_to_recordset($1::json) AS e(event_id uuid, type public_need_event_type, public_id text, county_id uuid,
                                               region_path uuid[], service_type service_type, payload jsonb)`,
      [JSON.stringify(events)],
    );
    await em.query("SELECT pg_notify($1, '')", [PUBLIC_NEED_CHANNEL]);
  }
  return events.length;
}

/**
 * Drops the feed's events up to `upto` (outbox retention; the webhook module decides how far,
 * after removing its deliveries of them) and remembers the position in outbox_cursor 'pruned', so
 * that a subscriber resuming from before it is told to re-read instead of silently missing events.
 * Each outbox_cursor row is written by the one consumer it names.
 */
export async function forgetEventsUpTo(em: EntityManager, upto: string): Promise<number> {
  const removed: [unknown[], number] = await em.query('DELETE FROM public_need_event WHERE position <= $1', [upto]);
  await em.query(
    `INSERT INTO outbox_cursor (name, position) VALUES ('pruned', $1)
     ON CONFLICT (name) DO UPDATE SET position = greatest(outbox_cursor.position, excluded.position)`,
    [upto],
  );
  return removed[1];
}

/**
 * A consumer's position in the outbox, locked for this transaction; null when another process
 * holds it (that one is dispatching) or the consumer has no cursor row.
 */
export async function claimOutboxCursor(em: EntityManager, name: string): Promise<{ position: string } | null> {
  const [cursor]: { position: string }[] = await em.query(
    'SELECT position::text FROM outbox_cursor WHERE name = $1 FOR UPDATE SKIP LOCKED',
    [name],
  );
  return cursor ?? null;
}

/** Moves a claimed cursor on, in the claiming transaction. */
export async function moveOutboxCursor(em: EntityManager, name: string, position: string): Promise<void> {
  await em.query('UPDATE outbox_cursor SET position = $2 WHERE name = $1', [name, position]);
}
