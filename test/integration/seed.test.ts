import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { idNumberProblem } from '../../src/modules/person/id-number.ts';
import { seedCounty, type SeedSummary } from '../../seeds/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestServer } from '../support/server.ts';

let first: TestDatabase;
let second: TestDatabase;
let summary: SeedSummary;
const messages: string[] = [];

/** Content digest of the seeded tables, timestamps left out (they are the clock's, not the seed's). */
async function digest(db: TestDatabase): Promise<Record<string, string>> {
  const tables: Record<string, string> = {
    region: 'id, county_id, parent_id, kind, code, name, path',
    household: 'id, region_id, code, address',
    person:
      'id, region_id, household_id, name, gender, birth_year, phone, id_number, residence, party_member, self_care_level, lives_alone, left_behind, bottom_line_household, disability, health_notes',
    relationship: 'id, person_a_id, person_b_id, kind, kin_degree, kin_term',
    organisation: 'id, region_id, kind, name',
    helper:
      'id, kind, person_id, organisation_id, region_id, service_types, weekly_minutes, max_elders, daily_occurrences, active, consent',
    need: 'id, elder_id, service_type, minutes_per_occurrence, recurrence, weekdays, window_start, window_end, helpers_needed, status, entry_channel, proxy_id',
    care_agreement: 'id, elder_id, helper_id, care_mode, start_date, status',
    visit: 'id, agreement_id, scheduled_date, status, rating, checked_in_at, checked_out_at',
    inspection:
      'id, kind, agreement_id, household_id, follow_up_of, status, due_date, inspected_at, scores, score, poor',
    rectification_task: 'id, inspection_id, due_date, status',
    complaint: 'id, subject_id, status, outcome, category, severity, anonymous, acknowledged_at, resolved_at, ruled_at',
    complaint_step: 'complaint_id, from_status, to_status, actor, text, at',
    credit_entry: 'subject_id, kind, points, text, source, source_id',
  };
  const result: Record<string, string> = {};
  for (const [table, columns] of Object.entries(tables)) {
    const rows = await db.dataSource.query(
      `SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS d FROM (SELECT ${columns} FROM ${table}) t`,
    );
    result[table] = `${rows[0].n}:${rows[0].d}`;
  }
  return result;
}

beforeAll(async () => {
  [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  summary = await seedCounty(first.dataSource, {
    villages: 3,
    seed: 42,
    currentYear: 2026,
    today: '2026-12-03',
    onProgress: (m) => messages.push(m),
  });
  await seedCounty(second.dataSource, { villages: 3, seed: 42, currentYear: 2026, today: '2026-12-03' });
});

afterAll(async () => {
  await first?.drop();
  await second?.drop();
});

describe('the seed generator', () => {
  it('is deterministic: the same seed gives the same county, ids included', async () => {
    expect(await digest(second)).toEqual(await digest(first));
    const other = await createTestDatabase();
    await seedCounty(other.dataSource, { villages: 3, seed: 43, currentYear: 2026 });
    expect((await digest(other)).person).not.toEqual((await digest(first)).person);
    await other.drop();
  });

  it('seeds complaints in every state, the decided ones with an outcome and the upheld ones in a credit record', async () => {
    const states = await first.dataSource.query(
      `SELECT status, count(*)::int AS n, count(outcome)::int AS decided FROM complaint GROUP BY status ORDER BY status`,
    );
    expect(states.map((row: { status: string }) => row.status)).toEqual([
      'ACKNOWLEDGED',
      'ESCALATED',
      'MEDIATING',
      'RECEIVED',
      'RESOLVED',
      'RULED',
    ]);
    for (const row of states) expect(row.decided).toBe(row.status === 'RESOLVED' || row.status === 'RULED' ? row.n : 0);
    const [{ entries, upheld }] = await first.dataSource.query(
      `SELECT (SELECT count(*)::int FROM credit_entry WHERE source_id IN (SELECT id FROM complaint)) AS entries,
              (SELECT count(*)::int FROM complaint WHERE outcome IN ('UPHELD', 'PARTLY_UPHELD')) AS upheld`,
    );
    expect(entries).toBe(upheld);
  });

  it('builds a plausible county and reports its progress', async () => {
    expect(summary).toMatchObject({ countyCode: '990042', townships: 1, villages: 3 });
    expect(messages.some((m) => m.includes('villages generated'))).toBe(true);
    const [{ share }] = await first.dataSource.query(
      `SELECT avg((2026 - birth_year >= 60)::int)::float AS share FROM person WHERE residence = 'AT_HOME'`,
    );
    expect(share).toBeGreaterThan(0.28);
    expect(share).toBeLessThan(0.4);
    const [{ n: away }] = await first.dataSource.query(
      `SELECT count(*)::int AS n FROM person WHERE residence = 'AWAY'`,
    );
    expect(away).toBeGreaterThan(500);
    const kinds = await first.dataSource.query(
      `SELECT kind, count(*)::int AS n FROM organisation GROUP BY kind ORDER BY kind::text`,
    );
    expect(kinds).toEqual([
      { kind: 'CHARITY_HOME', n: 1 },
      { kind: 'CLINIC', n: 1 },
      { kind: 'COMPANY', n: 1 },
      { kind: 'MEDICAL_CARE_CENTRE', n: 1 },
      { kind: 'PARTY_BRANCH', n: 3 },
      { kind: 'SOCIAL_ORGANISATION', n: 2 },
    ]);
    const services = await first.dataSource.query(
      `SELECT service_type, count(*)::int AS n FROM need GROUP BY 1 ORDER BY 2 DESC`,
    );
    expect(['MEAL_DELIVERY', 'VISIT_CHECK', 'DAILY_CARE']).toContain(services[0].service_type);
    const dependentBathing = await first.dataSource.query(
      `SELECT count(*)::int AS n FROM need n JOIN person p ON p.id = n.elder_id WHERE n.service_type IN ('BATHING', 'MEDICAL_ESCORT') AND p.self_care_level = 'INDEPENDENT'`,
    );
    expect(dependentBathing[0].n).toBe(0);
  });

  it('seeds kin care arranged directly and pairs a run matched, each with its agreement, the latter with its confirmed proposal', async () => {
    const modes = await first.dataSource.query(
      `SELECT a.care_mode, count(*)::int AS n,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM match_proposal p JOIN care_agreement_need an ON an.need_id = p.need_id
                                              JOIN assignment s ON s.id = p.assignment_id AND s.status = 'ACTIVE'
                                             WHERE an.agreement_id = a.id AND p.status = 'CONFIRMED' AND p.helper_id = a.helper_id))::int AS proposed
         FROM care_agreement a WHERE a.status = 'ACTIVE' GROUP BY a.care_mode ORDER BY a.care_mode`,
    );
    expect(modes).toHaveLength(2);
    const [kin, neighbour] = modes;
    expect(kin).toMatchObject({ care_mode: 'KIN', proposed: 0 });
    expect(neighbour.care_mode).toBe('NEIGHBOUR');
    expect(neighbour.n).toBeGreaterThan(5);
    expect(neighbour.proposed).toBe(neighbour.n);
    expect(summary.agreements).toBe(kin.n + neighbour.n);
  });

  it('seeds a year of supervision: quarterly household inspections, monthly agreement ones, a few poor with their tasks', async () => {
    const [row] = await first.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'DONE')::int AS done, count(*) FILTER (WHERE poor)::int AS poor,
              min(inspected_at AT TIME ZONE 'Asia/Shanghai')::date::text AS first,
              count(*) FILTER (WHERE household_id IS NOT NULL)::int AS households,
              count(*) FILTER (WHERE kind = 'SPECIAL')::int AS special,
              count(*) FILTER (WHERE kind = 'FOLLOW_UP')::int AS "followUps"
         FROM inspection`,
    );
    expect(summary.inspections).toBe(row.done);
    expect(row.first < '2026-01-01').toBe(true);
    expect(row.households).toBeGreaterThan(row.done / 2);
    expect(row.special).toBeGreaterThan(0);
    expect(row.poor / row.done).toBeGreaterThan(0.03);
    expect(row.poor / row.done).toBeLessThan(0.12);
    // One task and one follow-up per poor result; those of the last week still open.
    const [tasks] = await first.dataSource.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE t.status = 'OPEN')::int AS open,
              bool_and((t.status = 'OPEN') = (i.inspected_at > '2026-12-03'::date - 8)) AS recent
         FROM rectification_task t JOIN inspection i ON i.id = t.inspection_id`,
    );
    expect(tasks).toMatchObject({ n: row.poor, recent: true });
    expect(row.followUps).toBe(row.poor);
  });

  it('writes only valid identity numbers, one per person', async () => {
    const rows: { id_number: string; birth_year: number }[] = await first.dataSource.query(
      'SELECT id_number, birth_year FROM person WHERE id_number IS NOT NULL',
    );
    expect(rows.length).toBeGreaterThan(3000);
    for (const row of rows) {
      expect(idNumberProblem(row.id_number)).toBeUndefined();
      expect(Number(row.id_number.slice(6, 10))).toBe(row.birth_year);
    }
    expect(new Set(rows.map((r) => r.id_number)).size).toBe(rows.length);
  });

  it('serves the seeded county through the API', async () => {
    const api = await startTestServer(first);
    try {
      const token = await api.token(Role.ADMIN);
      const response = await api.gql(
        '{ regions(kind: VILLAGE) { totalCount } needs(status: OPEN, first: 5) { totalCount edges { node { serviceType priority { band } elder { isElder } } } } helpers(first: 5) { totalCount } }',
        {},
        token,
      );
      expect(response.errors).toBeUndefined();
      expect(response.data.regions.totalCount).toBe(3);
      expect(response.data.needs.totalCount).toBeGreaterThan(100);
      expect(response.data.needs.edges.every((e: any) => e.node.elder.isElder)).toBe(true);
      expect(response.data.helpers.totalCount).toBeGreaterThan(50);
    } finally {
      await api.close();
    }
  });

  it('refuses to seed the same county twice', async () => {
    await expect(seedCounty(first.dataSource, { villages: 1, seed: 42 })).rejects.toThrow(/exists already/);
  });
});
