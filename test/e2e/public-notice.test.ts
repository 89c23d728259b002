import fs from 'node:fs';
import path from 'node:path';
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import { Region } from '../../src/modules/region/region.entity.ts';
import { seedCounty } from '../../seeds/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * The village notice (公示, issue #16): its query and its printable page, read by a villager.
 * Every string the query returns and every word on the page is checked against every sensitive
 * value of the village — elders' names, ID numbers, phones, addresses, health notes, what
 * inspectors wrote — and helpers are named only as the county's notice policy allows.
 */
const CLOCK = '2026-12-08T20:00:00+08:00';
let db: TestDatabase;
let api: TestServer;
let browser: Browser;
let village: Region;
let county: Region;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedCounty(db.dataSource, { villages: 1, seed: 6, today: '2026-12-08' });
  village = await db.dataSource.manager.findOneByOrFail(Region, { kind: 'VILLAGE' as never });
  county = await db.dataSource.manager.findOneByOrFail(Region, { kind: 'COUNTY' as never });
  api = await startTestServer(db, { HUZHU_CLOCK: CLOCK });
  browser = await puppeteer.launch({
    args: chromium.args,
    executablePath: await chromium.executablePath(),
    headless: true,
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await db?.drop();
});

const NOTICE = `query ($r: ID!, $from: LocalDate!, $to: LocalDate!) { publicNotice(regionId: $r, from: $from, to: $to) {
  regionName from to printPath inspections { total poor meanShare byKind { kind count } rectified rectifying }
  entries { date heading name text } rulings { date heading name text } } }`;

/** Every string in a value, however deep. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('the village notice', () => {
  it('prints the figures and the poor results, and nothing sensitive, as the county allows', async () => {
    const supervisor = await api.token(Role.SUPERVISOR, village.id);
    // A poor inspection today whose findings name the elder's illness: never on the notice.
    const [agreement] = await db.dataSource.query(
      `SELECT a.id, hp.name AS helper FROM care_agreement a JOIN helper h ON h.id = a.helper_id
         JOIN person hp ON hp.id = h.person_id WHERE a.status = 'ACTIVE' ORDER BY a.id LIMIT 1`,
    );
    const findings = '老人患糖尿病，血糖控制差，床铺脏乱';
    const recorded = await api.gql(
      `mutation ($input: RecordInspectionInput!) { recordInspection(input: $input) { errors { field } } }`,
      {
        input: {
          agreementId: toGlobalId('CareAgreement', agreement.id),
          kind: 'DAILY',
          scores: { hygiene: 1, qualityOfLife: 2, stateOfMind: 2, satisfaction: 2, safety: 2 },
          findings,
        },
      },
      supervisor,
    );
    expect(recorded.data.recordInspection.errors).toEqual([]);

    // A villager (a family member's token) reads the notice of the year.
    const [member] = await db.dataSource.query(
      `SELECT id FROM person WHERE region_id IN (SELECT id FROM region WHERE $1 = ANY(path)) ORDER BY id LIMIT 1`,
      [village.id],
    );
    const villager = await api.token(Role.FAMILY_PROXY, village.id, member.id);
    const variables = { r: toGlobalId('Region', village.id), from: '2025-12-09', to: '2026-12-08' };
    const response = await api.gql(NOTICE, variables, villager);
    expect(response.errors).toBeUndefined();
    const notice = response.data.publicNotice;
    expect(notice.inspections.total).toBeGreaterThan(20);
    expect(notice.inspections.poor).toBe(notice.entries.length);
    expect(notice.inspections.rectifying).toBeGreaterThanOrEqual(1);
    const today = notice.entries.find((entry: any) => entry.date === '2026-12-08');
    expect(today).toEqual({
      date: '2026-12-08',
      heading: '督查结果',
      name: [...agreement.helper][0] + '某'.repeat([...agreement.helper].length - 1),
      text: '日常监督评分1.8（满分5），未达标；整改中，限2026-12-22前完成。',
    });

    // The printable page, in a real browser, with nothing fetched from elsewhere.
    const page = await browser.newPage();
    const origin = new URL(api.url).origin;
    const foreign: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(origin)) foreign.push(request.url());
    });
    await page.setExtraHTTPHeaders({ authorization: `Bearer ${villager}` });
    await page.setViewport({ width: 794, height: 1123 });
    const loaded = await page.goto(origin + notice.printPath, { waitUntil: 'networkidle0' });
    expect(loaded?.status()).toBe(200);
    await page.evaluate('document.fonts.ready');
    const text = (await page.evaluate('document.body.innerText')) as string;
    expect(foreign).toEqual([]);
    // Every line the query gave is on the page, the seeded village's rulings among them.
    expect(notice.rulings.length).toBeGreaterThan(0);
    expect(notice.rulings[0].text).toMatch(/^关于.+的投诉，裁决：(投诉成立|部分成立|投诉不成立)。$/);
    for (const entry of [...notice.entries, ...notice.rulings]) expect(text).toContain(entry.text);
    expect(text).toContain(`督查次数\t${notice.inspections.total}`);

    // Nothing sensitive anywhere: walk every value of the village that must not be shown.
    const sensitive: { value: string; what: string }[] = await db.dataSource.query(
      `SELECT value, what FROM (
         SELECT p.name AS value, 'elder name' AS what FROM person p
          WHERE p.region_id IN (SELECT id FROM region WHERE $1 = ANY(path)) AND p.birth_year <= 1966
            AND NOT EXISTS (SELECT 1 FROM helper h WHERE h.person_id = p.id)
         UNION ALL SELECT p.id_number, 'id number' FROM person p WHERE p.id_number IS NOT NULL
         UNION ALL SELECT p.phone, 'phone' FROM person p WHERE p.phone IS NOT NULL
         UNION ALL SELECT p.health_notes, 'health notes' FROM person p WHERE p.health_notes IS NOT NULL
         UNION ALL SELECT h.address, 'address' FROM household h WHERE h.address IS NOT NULL
         UNION ALL SELECT i.findings, 'findings' FROM inspection i WHERE i.findings IS NOT NULL
         UNION ALL SELECT c.description, 'complaint' FROM complaint c
         UNION ALL SELECT c.outcome_text, 'ruling in words' FROM complaint c WHERE c.outcome_text IS NOT NULL
         UNION ALL SELECT s.text, 'complaint step' FROM complaint_step s WHERE s.text IS NOT NULL
         UNION ALL SELECT hp.name, 'helper name in full' FROM helper h JOIN person hp ON hp.id = h.person_id
       ) s WHERE length(value) >= 2 GROUP BY value, what`,
      [village.id],
    );
    expect(sensitive.filter((s) => s.what === 'findings').map((s) => s.value)).toContain(findings);
    expect(sensitive.filter((s) => s.what === 'complaint').length).toBeGreaterThan(0);
    expect(sensitive.length).toBeGreaterThan(100);
    const printed = [...strings(notice), text];
    const leaks = sensitive.filter((s) => printed.some((p) => p.includes(s.value)));
    expect(leaks).toEqual([]);

    const file = path.resolve('reports', 'screenshots', 'public-notice.png');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file as `${string}.png`, fullPage: true });

    // A county that names helpers in full: the full name; one that names nobody: no name.
    const official = await api.token(Role.COUNTY_OFFICIAL, county.id);
    const policy = async (noticeNames: string) => {
      const changed = await api.gql(
        `mutation ($input: UpdateSupervisionPolicyInput!) { updateSupervisionPolicy(input: $input) { errors { field } } }`,
        {
          input: {
            countyId: toGlobalId('Region', county.id),
            scaleMax: 5,
            poorBelow: 3,
            poorInRow: 2,
            rectificationDays: 14,
            followUpDays: 7,
            unannouncedDays: 14,
            noticeNames,
          },
        },
        official,
      );
      expect(changed.data.updateSupervisionPolicy.errors).toEqual([]);
      return (await api.gql(NOTICE, variables, villager)).data.publicNotice.entries.find(
        (entry: any) => entry.date === '2026-12-08',
      );
    };
    expect((await policy('FULL')).name).toBe(agreement.helper);
    expect((await policy('NONE')).name).toBeNull();
  });

  it('is refused for a whole county, for a period over a year and without a token', async () => {
    const coordinator = await api.token(Role.COORDINATOR, village.id);
    const variables = { r: toGlobalId('Region', village.id), from: '2025-01-01', to: '2026-12-08' };
    const tooLong = await api.gql(NOTICE, variables, coordinator);
    expect(tooLong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const county = await api.gql(
      NOTICE,
      { r: toGlobalId('Region', village.path[0]), from: '2026-01-01', to: '2026-12-08' },
      await api.token(Role.ADMIN),
    );
    expect(county.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const origin = new URL(api.url).origin;
    for (const [from, to] of [
      ['2026-02-30', '2026-03-01'],
      ['2026-01-01', '2026-13-45'],
    ]) {
      const bad = await fetch(`${origin}/regions/${toGlobalId('Region', village.id)}/notice?from=${from}&to=${to}`, {
        headers: { authorization: `Bearer ${coordinator}` },
      });
      expect(bad.status, `${from}..${to}`).toBe(400);
    }
    const unsigned = await fetch(
      `${origin}/regions/${toGlobalId('Region', village.id)}/notice?from=2026-01-01&to=2026-12-08`,
    );
    expect(unsigned.status).toBe(401);
  });
});
