import 'reflect-metadata';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/common/canonical-json.ts';
import { cursorCodec, decodeCursor, encodeCursor } from '../../../src/common/connection.ts';
import { givenFields } from '../../../src/common/mutation-input.ts';
import { badInput, forbidden, notFound, unauthenticated } from '../../../src/common/errors.ts';
import { fromGlobalId, idOfType, toGlobalId } from '../../../src/common/global-id.ts';
import { minutesOfDay, today } from '../../../src/common/time.ts';
import { Problems, UserErrorCode } from '../../../src/common/user-error.ts';

const UUID = '0b7e3f8a-1c2d-4e5f-8a9b-0c1d2e3f4a5b';

describe('canonicalJson', () => {
  it("sorts every object's keys, at any depth, so that equal values print equal", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson({ b: 2, a: 1 })).toBe(canonicalJson({ a: 1, b: 2 }));
  });

  it('keeps arrays in their order and dates as JSON dates', () => {
    expect(canonicalJson(['b', 'a'])).toBe('["b","a"]');
    expect(canonicalJson({ at: new Date('2026-11-24T08:00:00Z') })).toBe('{"at":"2026-11-24T08:00:00.000Z"}');
    expect(canonicalJson('text')).toBe('"text"');
    expect(canonicalJson(null)).toBe('null');
  });
});

describe('thrown errors', () => {
  const codeOf = (error: GraphQLError) => error.extensions.code;

  it('carry their code and a default message', () => {
    expect(unauthenticated()).toBeInstanceOf(GraphQLError);
    expect([codeOf(unauthenticated()), unauthenticated().message]).toEqual([
      'UNAUTHENTICATED',
      'A bearer token is required',
    ]);
    expect([codeOf(forbidden()), forbidden().message]).toEqual(['FORBIDDEN', 'Outside your role or region']);
    expect(unauthenticated('Token expired').message).toBe('Token expired');
    expect(forbidden('Not yours').message).toBe('Not yours');
  });

  it('name the argument of a bad input, and say what was not found', () => {
    expect(badInput('first', 'Too many').extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'first' });
    expect(badInput('first', 'Too many').message).toBe('Too many');
    expect(notFound('No such need').extensions).toEqual({ code: 'NOT_FOUND' });
    expect(notFound('No such need').message).toBe('No such need');
  });
});

describe('global ids', () => {
  it('round-trip a type and a uuid', () => {
    const id = toGlobalId('Person', UUID);
    expect(id).toBe(Buffer.from(`Person:${UUID}`).toString('base64url'));
    expect(fromGlobalId(id)).toEqual({ type: 'Person', id: UUID });
    expect(idOfType(id, 'Person')).toBe(UUID);
  });

  it('refuse an id of another type, a missing type, a malformed uuid, or junk', () => {
    expect(idOfType(toGlobalId('Region', UUID), 'Person')).toBeUndefined();
    expect(idOfType(null, 'Person')).toBeUndefined();
    expect(idOfType(undefined, 'Person')).toBeUndefined();
    expect(fromGlobalId(toGlobalId('', UUID))).toBeUndefined();
    expect(fromGlobalId(Buffer.from(UUID).toString('base64url'))).toBeUndefined();
    expect(fromGlobalId(toGlobalId('Person', 'not-a-uuid'))).toBeUndefined();
    expect(fromGlobalId(toGlobalId('Person', `${UUID}0`))).toBeUndefined();
    expect(fromGlobalId(toGlobalId('Person', `x${UUID}`))).toBeUndefined();
    expect(fromGlobalId(toGlobalId('Person', UUID.toUpperCase()))).toBeUndefined();
    expect(fromGlobalId(42 as unknown as string)).toBeUndefined();
  });

  it('take the first colon as the end of the type (a one-letter type is a type)', () => {
    expect(fromGlobalId(toGlobalId('P', UUID))).toEqual({ type: 'P', id: UUID });
  });

  it('refuse anything longer than 200 characters without decoding it', () => {
    const long = toGlobalId('X'.repeat(150), UUID);
    expect(long.length).toBeGreaterThan(200);
    expect(fromGlobalId(long)).toBeUndefined();
    const justFits = toGlobalId('X'.repeat(113), UUID);
    expect(justFits.length).toBe(200);
    expect(fromGlobalId(justFits)).toEqual({ type: 'X'.repeat(113), id: UUID });
    expect(fromGlobalId(toGlobalId('X'.repeat(114), UUID))).toBeUndefined();
  });
});

describe('time', () => {
  it("gives today's date in Shanghai (UTC+8), not in UTC", () => {
    expect(today(new Date('2026-11-24T15:59:00Z'))).toBe('2026-11-24');
    expect(today(new Date('2026-11-24T16:00:00Z'))).toBe('2026-11-25');
    expect(today()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('counts minutes since midnight of HH:MM and HH:MM:SS', () => {
    expect(minutesOfDay('00:00')).toBe(0);
    expect(minutesOfDay('07:30')).toBe(450);
    expect(minutesOfDay('23:59:59')).toBe(1439);
  });
});

describe('Problems', () => {
  it('collects user errors and answers whether there are any, and for which field', () => {
    const problems = new Problems();
    expect(problems.any).toBe(false);
    expect(problems.has('name')).toBe(false);
    problems.add('name', UserErrorCode.REQUIRED, 'A name is required');
    expect(problems.any).toBe(true);
    expect(problems.has('name')).toBe(true);
    expect(problems.has('birthYear')).toBe(false);
    expect(problems.list).toEqual([
      { field: 'name', code: UserErrorCode.REQUIRED, message: 'A name is required', messageZh: 'name：此项必填' },
    ]);
  });
});

describe('cursors', () => {
  it('round-trips a row key and an event position, each under its own kind', () => {
    expect(decodeCursor(encodeCursor(UUID))).toBe(UUID);
    const events = cursorCodec('e1', /^\d{1,18}$/);
    expect(events.decode(events.encode(42n))).toBe('42');
  });

  it("refuses another list's cursor, naming the argument", () => {
    const events = cursorCodec('e1', /^\d{1,18}$/);
    expect(() => events.decode(encodeCursor('42'))).toThrow(/cursor is not valid/);
    expect(() => decodeCursor(events.encode(42n))).toThrow(/cursor is not valid/);
    expect(() => events.decode(events.encode('4x2'))).toThrow(/cursor is not valid/);
    try {
      decodeCursor('garbage');
      expect.unreachable();
    } catch (error) {
      expect((error as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    }
  });
});

describe('givenFields', () => {
  it('names the fields a caller gave, without the envelope (channel, proxy, idempotency key, id)', () => {
    const input = {
      id: 'x',
      channel: 'APP',
      idempotencyKey: 'k',
      name: 'a',
      note: undefined,
      livesAlone: false,
      age: null,
    };
    expect(givenFields(input)).toEqual(['name', 'livesAlone', 'age']);
    expect(givenFields(input, ['livesAlone', 'note', 'regionId'])).toEqual(['livesAlone']);
  });
});
