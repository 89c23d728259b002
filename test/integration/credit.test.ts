import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { toGlobalId } from '../../src/common/global-id.ts';
import { mintToken } from '../../src/cli/token-command.ts';
import { verifyToken } from '../../src/auth/token.ts';
import { addCreditEntry } from '../../src/modules/credit/credit.service.ts';
import { CreditEntryKind, CreditSource, CreditSubjectKind } from '../../src/modules/credit/credit.enums.ts';
import type { Person } from '../../src/modules/person/person.entity.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { insertPerson, insertSmallCounty, type SmallCounty } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { snapshot } from '../support/snapshot.ts';

/**
 * Credit records (诚信档案, issue #16): entries are never changed or deleted — the database refuses
 * it; a correction (trust repair: points restored, an apology, the rule changed) is a new entry
 * and the record shows both; who reads whose record.
 */
let db: TestDatabase;
let api: TestServer;
let county: SmallCounty;
let villager: Person;
let neighbour: Person;
let entryId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  county = await insertSmallCounty(db.dataSource);
  villager = await insertPerson(db.dataSource, county.groupA, { name: '李强', birthYear: 1975 });
  neighbour = await insertPerson(db.dataSource, county.groupA, { name: '王芳', birthYear: 1980 });
  // As supervision will: an inspection result written through the exported function.
  entryId = await db.dataSource.transaction((em) =>
    addCreditEntry(em, {
      subjectKind: CreditSubjectKind.PERSON,
      subjectId: villager.id,
      kind: CreditEntryKind.DEMERIT,
      points: -10,
      grade: 'C',
      text: '入户检查：卫生差',
      source: CreditSource.SUPERVISION,
      sourceId: null,
      createdBy: 'test:supervision',
    }),
  );
  api = await startTestServer(db);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

const ENTRY = `id kind points grade text source correctionReason approvedBy apology ruleChange createdBy`;
const RECORD = `query ($id: ID!) { creditRecord(subjectId: $id) { subjectKind subjectGlobalId points
  entries { ${ENTRY} corrects { id } correctedBy { id } } } }`;
const CORRECT = `mutation ($input: CorrectCreditEntryInput!) { correctCreditEntry(input: $input) {
  correction { ${ENTRY} corrects { id text points } } errors { field code } } }`;

describe('credit records', () => {
  it('corrects an entry with a new one: the original stays intact and the record shows both', async () => {
    const coordinator = await api.token(Role.COORDINATOR, county.villageA.id);
    const original = toGlobalId('CreditEntry', entryId);
    const [before] = await db.dataSource.query('SELECT * FROM credit_entry WHERE id = $1', [entryId]);
    const response = await api.gql(
      CORRECT,
      {
        input: {
          entryId: original,
          reason: '检查表填错了户',
          approvedBy: '县民政局 张科长',
          apology: '我们向李强一家公开道歉',
          ruleChange: '检查结果录入前须由户主签字确认',
        },
      },
      coordinator,
    );
    expect(response.data.correctCreditEntry.errors).toEqual([]);
    const correction = response.data.correctCreditEntry.correction;
    expect(correction).toMatchObject({
      kind: 'CORRECTION',
      points: 10,
      source: 'CORRECTION',
      text: '更正：入户检查：卫生差',
      correctionReason: '检查表填错了户',
      approvedBy: '县民政局 张科长',
      apology: '我们向李强一家公开道歉',
      ruleChange: '检查结果录入前须由户主签字确认',
      createdBy: 'test:coordinator',
      corrects: { id: original, text: '入户检查：卫生差', points: -10 },
    });
    expect(await db.dataSource.query('SELECT * FROM credit_entry WHERE id = $1', [entryId])).toEqual([before]);

    const record = (await api.gql(RECORD, { id: toGlobalId('Person', villager.id) }, coordinator)).data.creditRecord;
    expect(record).toMatchObject({
      subjectKind: 'PERSON',
      subjectGlobalId: toGlobalId('Person', villager.id),
      points: 0,
    });
    expect(record.entries).toMatchObject([
      { id: original, kind: 'DEMERIT', points: -10, grade: 'C', corrects: null, correctedBy: { id: correction.id } },
      { id: correction.id, kind: 'CORRECTION', points: 10, corrects: { id: original }, correctedBy: null },
    ]);
  });

  it('refuses a correction that points at nothing, a second correction, and one outside the region, writing nothing', async () => {
    const coordinator = await api.token(Role.COORDINATOR, county.villageA.id);
    const elsewhere = await api.token(Role.COORDINATOR, county.villageB.id);
    const input = { reason: '错误', approvedBy: '村委会' };
    const refused = async (extra: Record<string, unknown>, token: string) => {
      const before = await snapshot(db.dataSource);
      const response = await api.gql(CORRECT, { input: { ...input, ...extra } }, token);
      expect(await snapshot(db.dataSource)).toEqual(before);
      return response.errors?.map((e) => e.extensions?.code) ?? response.data.correctCreditEntry.errors;
    };
    const nothing = toGlobalId('CreditEntry', '00000000-0000-4000-8000-000000000000');
    expect(await refused({ entryId: nothing }, coordinator)).toEqual([{ field: 'entryId', code: 'NOT_FOUND' }]);
    expect(await refused({ entryId: toGlobalId('Person', villager.id) }, coordinator)).toEqual([
      { field: 'entryId', code: 'NOT_FOUND' },
    ]);
    const original = toGlobalId('CreditEntry', entryId);
    expect(await refused({ entryId: original }, coordinator)).toEqual([{ field: 'entryId', code: 'CONFLICT' }]);
    expect(await refused({ entryId: original }, elsewhere)).toEqual([{ field: 'entryId', code: 'NOT_FOUND' }]);
    expect(await refused({ entryId: original, reason: '' }, coordinator)).toEqual([
      { field: 'reason', code: 'REQUIRED' },
    ]);
    // A mediator reads records but does not correct them.
    expect(await refused({ entryId: original }, await api.token(Role.MEDIATOR, county.villageA.id))).toEqual([
      'FORBIDDEN',
    ]);
  });

  it('is never changed or deleted: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    for (const statement of [
      `UPDATE credit_entry SET points = 0 WHERE id = '${entryId}'`,
      `DELETE FROM credit_entry WHERE id = '${entryId}'`,
      'TRUNCATE credit_entry',
    ])
      await expect(db.dataSource.query(statement)).rejects.toThrow(/never changed or deleted/);
    const [{ n }] = await db.dataSource.query('SELECT count(*)::int AS n FROM credit_entry');
    expect(n).toBe(2);
  });

  it('is read by the person themself and by the officers of the region, by no other villager', async () => {
    const id = toGlobalId('Person', villager.id);
    const own = await api.gql(RECORD, { id }, await api.token(Role.HELPER, county.villageA.id, villager.id));
    expect(own.data.creditRecord.entries).toHaveLength(2);
    const other = await api.gql(RECORD, { id }, await api.token(Role.HELPER, county.villageA.id, neighbour.id));
    expect(other.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    for (const token of [
      await api.token(Role.MEDIATOR, county.villageA.id),
      await api.token(Role.ARBITRATOR, county.county.id),
      await api.token(Role.SUPERVISOR, county.villageA.id),
    ])
      expect((await api.gql(RECORD, { id }, token)).data.creditRecord.points).toBe(0);
    const outside = await api.gql(RECORD, { id }, await api.token(Role.COORDINATOR, county.villageB.id));
    expect(outside.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    // A household's record, and an id that is neither person, household nor organisation.
    const household = await api.gql(
      RECORD,
      { id: toGlobalId('Household', villager.householdId!) },
      await api.token(Role.ADMIN),
    );
    expect(household.data.creditRecord).toMatchObject({ subjectKind: 'HOUSEHOLD', points: 0, entries: [] });
    const wrong = await api.gql(RECORD, { id: toGlobalId('Region', county.villageA.id) }, await api.token(Role.ADMIN));
    expect(wrong.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
  });

  it('has MEDIATOR and ARBITRATOR tokens minted as `huzhu token` does, bound to a village and a county', async () => {
    const secret = new TextEncoder().encode('a-secret-that-is-long-enough-for-hs256-0123456789');
    const mediator = await mintToken(db.dataSource, secret, { role: 'mediator', region: county.villageA.code });
    expect(await verifyToken(secret, mediator)).toMatchObject({ role: 'MEDIATOR', regionId: county.villageA.id });
    const arbitrator = await mintToken(db.dataSource, secret, { role: 'ARBITRATOR', region: county.county.code });
    expect(await verifyToken(secret, arbitrator)).toMatchObject({ role: 'ARBITRATOR', regionId: county.county.id });
    await expect(mintToken(db.dataSource, secret, { role: 'MEDIATOR' })).rejects.toThrow(/needs --region/);
  });
});
