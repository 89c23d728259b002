import { describe, expect, it } from 'vitest';
import { termFromSide } from '../../src/modules/relationship/kin-terms.ts';

const grandma = { gender: 'FEMALE', birthYear: 1940 };
const grandson = { gender: 'MALE', birthYear: 2001 };
const granddaughter = { gender: 'FEMALE', birthYear: 2003 };
const brother = { gender: 'MALE', birthYear: 1950 };
const sister = { gender: 'FEMALE', birthYear: 1955 };

describe('kin terms from one side', () => {
  it('names what the other is to the viewer, by who is older and by gender', () => {
    expect(termFromSide('KIN', '祖孙', grandma, grandson)).toEqual({ zh: '孙子', en: 'grandson' });
    expect(termFromSide('KIN', '祖孙', grandma, granddaughter)).toEqual({ zh: '孙女', en: 'granddaughter' });
    expect(termFromSide('KIN', '祖孙', grandson, grandma)).toEqual({ zh: '奶奶', en: 'grandmother' });
    expect(termFromSide('KIN', '兄妹', sister, brother)).toEqual({ zh: '哥哥', en: 'elder brother' });
    expect(termFromSide('KIN', '兄妹', brother, sister)).toEqual({ zh: '妹妹', en: 'younger sister' });
    expect(termFromSide('SPOUSE', null, grandma, brother)).toEqual({ zh: '丈夫', en: 'husband' });
  });

  it('keeps the recorded term when the side cannot be told', () => {
    expect(termFromSide('KIN', '干亲', grandma, grandson)).toEqual({ zh: '干亲', en: '干亲' });
    expect(termFromSide('KIN', '兄弟', brother, { ...brother })).toEqual({ zh: '兄弟', en: '兄弟' });
    expect(termFromSide('KIN', null, grandma, grandson)).toBeNull();
  });
});
