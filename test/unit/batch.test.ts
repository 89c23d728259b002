import { describe, expect, it } from 'vitest';
import { slices } from '../../src/db/batch.ts';

describe('slices', () => {
  it('cuts a list into slices of at most the given size, in order, with nothing lost', () => {
    expect([...slices([1, 2, 3, 4, 5], 2)]).toEqual([[1, 2], [3, 4], [5]]);
    expect([...slices([1, 2, 3, 4], 2)]).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect([...slices([], 2)]).toEqual([]);
    expect([...slices(Array.from({ length: 5001 }, (_, i) => i))].map((slice) => slice.length)).toEqual([5000, 1]);
  });
});
