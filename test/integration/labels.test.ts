import { buildSchema, isEnumType } from 'graphql';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../src/auth/role.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Names people can read: every labelled enum's values in Chinese and English, from the API. */
let db: TestDatabase;
let api: TestServer;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestServer(db);
});

afterAll(async () => {
  await api?.close();
  await db?.drop();
});

const LABELS = 'query ($enums: [String!]) { enumLabels(enums: $enums) { enumName value labelZh labelEn } }';

describe('enum labels', () => {
  it('label every value of every labelled enum, exactly the values the schema has', async () => {
    const response = await api.gql(LABELS, {}, await api.token(Role.ADMIN));
    expect(response.errors).toBeUndefined();
    const labels: { enumName: string; value: string; labelZh: string; labelEn: string }[] = response.data.enumLabels;
    const schema = buildSchema(fs.readFileSync('schema/schema.graphql', 'utf8'));
    const names = [...new Set(labels.map((label) => label.enumName))];
    for (const name of ['NeedStatus', 'MatchTier', 'RunnerUpReason', 'UnmetReason', 'UnmetEscalation', 'PriorityBand'])
      expect(names).toContain(name);
    for (const name of names) {
      const type = schema.getType(name);
      expect(isEnumType(type), name).toBe(true);
      const values = labels.filter((label) => label.enumName === name).map((label) => label.value);
      expect(values.sort(), name).toEqual(
        (type as any)
          .getValues()
          .map((v: { name: string }) => v.name)
          .sort(),
      );
    }
    for (const label of labels) {
      expect(label.labelZh, `${label.enumName}.${label.value}`).toMatch(/[\u4e00-\u9fff]/);
      expect(label.labelEn, `${label.enumName}.${label.value}`).toMatch(/^[\x20-\x7e’—–()]+$/);
    }
  });

  it('answer for the enums asked, and name an unknown one', async () => {
    const token = await api.token(Role.ADMIN);
    const some = await api.gql(LABELS, { enums: ['RunnerUpReason'] }, token);
    expect(some.data.enumLabels).toContainEqual({
      enumName: 'RunnerUpReason',
      value: 'TAKEN_IN_THIS_RUN',
      labelZh: '已在本次安排给其他老人',
      labelEn: 'given to another elder in this run',
    });
    const unknown = await api.gql(LABELS, { enums: ['Nope'] }, token);
    expect(unknown.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(unknown.errors?.[0].message).toMatch(/No labels for Nope/);
  });

  it('errors carry a Chinese message beside the English one: in payloads and at the top level', async () => {
    const payload = await api.gql(
      'mutation ($input: CreateRegionInput!) { createRegion(input: $input) { errors { field code message messageZh } } }',
      { input: { kind: 'COUNTY', code: 'x', name: '' } },
      await api.token(Role.ADMIN),
    );
    const errors = payload.data.createRegion.errors;
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors)
      expect(error.messageZh).toMatch(new RegExp(`^${error.field.replace('.', '\\.')}：[\u4e00-\u9fff]`));
    const denied = await api.gql('{ people { totalCount } }', {});
    expect(denied.errors?.[0].extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      messageZh: expect.stringMatching(/登录/),
    });
  });
});
