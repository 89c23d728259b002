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
 * The printable care agreement opened in a real headless Chromium: the Chinese text (names,
 * mode, duties, content hash) is on the page, set in the font this server ships, with every
 * request it makes answered by this server. The screenshot is kept in reports/ as an artifact.
 */
let db: TestDatabase;
let api: TestServer;
let browser: Browser;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedCounty(db.dataSource, { villages: 1, seed: 4, careHistory: false });
  api = await startTestServer(db);
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

describe('the printable agreement', () => {
  it('shows the parties, mode, duties and content hash in Chinese, with nothing fetched from elsewhere', async () => {
    const village = await db.dataSource.manager.findOneByOrFail(Region, { kind: 'VILLAGE' as never });
    const coordinator = await api.token(Role.COORDINATOR, village.id);
    const [pair] = await db.dataSource.query(
      `SELECT n.id AS need, n.elder_id AS elder, h.id AS helper, p.name AS "elderName", hp.name AS "helperName"
         FROM need n JOIN person p ON p.id = n.elder_id
         JOIN relationship r ON r.kind = 'KIN' AND n.elder_id IN (r.person_a_id, r.person_b_id)
         JOIN helper h ON h.person_id = CASE WHEN r.person_a_id = n.elder_id THEN r.person_b_id ELSE r.person_a_id END
         JOIN person hp ON hp.id = h.person_id
        WHERE n.status = 'OPEN' AND n.service_type = ANY(h.service_types) ORDER BY n.id LIMIT 1`,
    );
    const created = await api.gql(
      `mutation ($input: CreateCareAgreementInput!) { createCareAgreement(input: $input) {
         agreement { contentHash printPath } errors { field message } } }`,
      {
        input: {
          elderId: toGlobalId('Person', pair.elder),
          helperId: toGlobalId('Helper', pair.helper),
          needIds: [toGlobalId('Need', pair.need)],
          duties: [
            { duty: 'DAILY_CARE', text: '每周二、四上门做饭和打扫' },
            { duty: 'FUNERAL_ARRANGEMENTS', text: '百年之后由乙方协助操办后事' },
          ],
          startDate: '2026-12-07',
          reviewDate: '2027-06-01',
        },
      },
      coordinator,
    );
    expect(created.data.createCareAgreement.errors).toEqual([]);
    const { contentHash, printPath } = created.data.createCareAgreement.agreement;

    const page = await browser.newPage();
    const origin = new URL(api.url).origin;
    const foreign: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(origin)) foreign.push(request.url());
    });
    await page.setExtraHTTPHeaders({ authorization: `Bearer ${coordinator}` });
    await page.setViewport({ width: 794, height: 1123 }); // A4 at 96 dpi
    const response = await page.goto(origin + printPath, { waitUntil: 'networkidle0' });
    expect(response?.status()).toBe(200);
    await page.evaluate('document.fonts.ready');
    const text = (await page.evaluate('document.body.innerText')) as string;
    for (const expected of [
      '农村互助养老托养协议书',
      pair.elderName,
      pair.helperName,
      '亲情赡养',
      '生活照料',
      '丧葬事宜',
      '百年之后由乙方协助操办后事',
      contentHash,
      '手印',
    ])
      expect(text).toContain(expected);
    const fontLoaded = await page.evaluate(`document.fonts.check('16px "Noto Sans SC"', '协议')`);
    expect(fontLoaded).toBe(true);
    expect(foreign).toEqual([]);
    const file = path.resolve('reports', 'screenshots', 'agreement-print.png');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file as `${string}.png`, fullPage: true });
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
  });
});
