import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSchema, printSdl } from '../../src/schema.ts';

describe('schema/schema.graphql', () => {
  it('is the SDL the code emits (run `npx huzhu emit-schema` after changing the API)', async () => {
    const committed = fs.readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
    expect(printSdl(await createSchema())).toBe(committed);
  });
});
