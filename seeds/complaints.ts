import type { EntityManager } from 'typeorm';
import { creditPointsFor } from '../src/modules/complaint/complaint-consequences.ts';
import {
  ComplaintCategory,
  ComplaintOutcome,
  ComplaintSeverity,
  ComplaintStatus,
} from '../src/modules/complaint/complaint.enums.ts';
import { CreditEntryKind, CreditSource, CreditSubjectKind } from '../src/modules/credit/credit.enums.ts';
import { addCreditEntry } from '../src/modules/credit/credit.service.ts';

/** The states in the order a complaint passes them, and what each seeded complaint reached. */
const PATHS: Record<ComplaintStatus, ComplaintStatus[]> = {
  RECEIVED: [],
  ACKNOWLEDGED: [ComplaintStatus.ACKNOWLEDGED],
  MEDIATING: [ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.MEDIATING],
  RESOLVED: [ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.MEDIATING, ComplaintStatus.RESOLVED],
  ESCALATED: [ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.ESCALATED],
  RULED: [ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.ESCALATED, ComplaintStatus.RULED],
};
const STATES = Object.keys(PATHS) as ComplaintStatus[];
const CATEGORIES = Object.values(ComplaintCategory);
const OUTCOMES = [ComplaintOutcome.UPHELD, ComplaintOutcome.PARTLY_UPHELD, ComplaintOutcome.NOT_UPHELD];
const WORDS: Record<string, string> = {
  ACKNOWLEDGED: '调解委员会已受理',
  MEDIATING: '约双方到村委会调解',
  ESCALATED: '双方各执一词，提交县互助养老仲裁庭',
};

/**
 * A few complaints in every state for the demo county (issue #16): two per state, each about a
 * kin-care agreement of the care history, filed by its elder (every third anonymously), received
 * over the last weeks, acknowledged within 3–32 hours (some late), resolved or ruled with an
 * outcome that enters the helper's credit record. Chosen and timed by md5 of the agreement ids, so
 * the same seed gives the same complaints. No suspension is seeded: the demo's matching stays as
 * it was. Returns how many complaints were written.
 */
export async function seedComplaints(em: EntityManager, countyId: string, today: string): Promise<number> {
  const rows: {
    id: string;
    agreement: string;
    region: string;
    helper: string;
    person: string | null;
    org: string | null;
    elder: string;
    bucket: number;
  }[] = await em.query(
    `SELECT md5('complaint:' || a.id)::uuid AS id, a.id AS agreement, a.region_id AS region, a.helper_id AS helper,
              h.person_id AS person, h.organisation_id AS org, a.elder_id AS elder,
              ('x' || substr(md5(a.id || ':complaint'), 7, 6))::bit(24)::int AS bucket
         FROM care_agreement a JOIN helper h ON h.id = a.helper_id
        WHERE a.county_id = $1 AND a.status = 'ACTIVE' ORDER BY md5(a.id || ':complaint') LIMIT $2`,
    [countyId, STATES.length * 2],
  );
  for (const [n, row] of rows.entries()) {
    const state = STATES[n % STATES.length];
    const severity = row.bucket % 4 === 0 ? ComplaintSeverity.SERIOUS : ComplaintSeverity.ORDINARY;
    const outcome = OUTCOMES[row.bucket % OUTCOMES.length];
    const decided = state === ComplaintStatus.RESOLVED || state === ComplaintStatus.RULED;
    // Days ago it arrived, and hours it took to acknowledge (above 24 now and then: late).
    const daysAgo = state === ComplaintStatus.RECEIVED ? 0 : 3 + (row.bucket % 40);
    const ackHours = 3 + (row.bucket % 30);
    // Times in SQL, from the day given as parameter `day` ($3 in the complaint, $6 in its steps).
    const receivedOn = (day: string) =>
      `((${day}::date - ${daysAgo})::timestamp + interval '9 hours') AT TIME ZONE 'Asia/Shanghai'`;
    const received = receivedOn('$3');
    const at = (hours: number, day = '$3') => `${receivedOn(day)} + interval '${hours} hours'`;
    const path = PATHS[state];
    await em.query(
      `INSERT INTO complaint (id, county_id, region_id, subject_kind, subject_id, helper_id, concerned_person_id,
                              concerned_organisation_id, complainant_id, complainant_subject, anonymous, channel, category,
                              severity, description, status, outcome, outcome_text, received_at, acknowledge_due_at,
                              resolve_due_at, acknowledged_at, escalated_at, resolved_at, ruled_at, timer_awaiting_job, created_at)
       VALUES ($1, $2, $4, 'CARE_AGREEMENT', $5, $6, $7, $8, $9, 'seed', $10, $11, $12, $13, $14, $15, $16, $17,
               ${received}, ${at(24)}, ${at(72)},
               ${path.length ? at(ackHours) : 'NULL'},
               ${path.includes(ComplaintStatus.ESCALATED) ? at(ackHours + 24) : 'NULL'},
               ${state === ComplaintStatus.RESOLVED ? at(ackHours + 40) : 'NULL'},
               ${state === ComplaintStatus.RULED ? at(ackHours + 24 * 14) : 'NULL'}, $18, ${received})`,
      [
        row.id,
        countyId,
        today,
        row.region,
        row.agreement,
        row.helper,
        row.person,
        row.person ? null : row.org,
        row.elder,
        n % 3 === 2,
        n % 2 === 0 ? 'APP' : 'PHONE',
        CATEGORIES[row.bucket % CATEGORIES.length],
        severity,
        '帮扶人多次未按约定时间上门',
        state,
        decided ? outcome : null,
        decided
          ? outcome === ComplaintOutcome.NOT_UPHELD
            ? '经核实，投诉不成立'
            : '经核实，投诉属实，帮扶人致歉'
          : null,
        state === ComplaintStatus.RECEIVED,
      ],
    );
    const steps: [ComplaintStatus | null, ComplaintStatus, string, string | null, number][] = [
      [null, ComplaintStatus.RECEIVED, 'complainant', null, 0],
    ];
    path.forEach((to, i) => {
      const hours =
        i === 0
          ? ackHours
          : to === ComplaintStatus.RESOLVED
            ? ackHours + 40
            : to === ComplaintStatus.RULED
              ? ackHours + 24 * 14
              : ackHours + 24;
      steps.push([i === 0 ? ComplaintStatus.RECEIVED : path[i - 1], to, 'seed', WORDS[to] ?? null, hours]);
    });
    for (const [from, to, actor, text, hours] of steps)
      await em.query(
        `INSERT INTO complaint_step (complaint_id, from_status, to_status, actor, text, at) VALUES ($1, $2, $3, $4, $5, ${at(hours, '$6')})`,
        [row.id, from, to, actor, text, today],
      );
    const points = decided ? creditPointsFor(outcome, severity) : 0;
    if (points !== 0)
      await addCreditEntry(em, {
        subjectKind: row.person ? CreditSubjectKind.PERSON : CreditSubjectKind.ORGANISATION,
        subjectId: (row.person ?? row.org)!,
        kind: CreditEntryKind.DEMERIT,
        points,
        text: state === ComplaintStatus.RULED ? '仲裁裁决：投诉属实' : '调解结果：投诉属实',
        source: state === ComplaintStatus.RULED ? CreditSource.RULING : CreditSource.MEDIATION,
        sourceId: row.id,
        createdBy: 'seed',
      });
  }
  return rows.length;
}
