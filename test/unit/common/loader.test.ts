import { describe, expect, it } from 'vitest';
import { BatchWaves, batchLoader, groupInKeyOrder, inKeyOrder } from '../../../src/common/loader.ts';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('BatchWaves', () => {
  it('holds a batch back while another is at the database, then sends what queued together', async () => {
    const waves = new BatchWaves();
    const sent: string[] = [];
    let finish!: () => void;
    const first = waves.track(new Promise<void>((resolve) => (finish = resolve)));
    waves.schedule(() => sent.push('a'));
    waves.schedule(() => sent.push('b'));
    await tick();
    await tick();
    expect(sent).toEqual([]);
    finish();
    await first;
    await tick();
    expect(sent).toEqual(['a', 'b']);
  });

  it('sends a batch on the next turn when nothing is in flight, once', async () => {
    const waves = new BatchWaves();
    const sent: string[] = [];
    waves.schedule(() => sent.push('a'));
    expect(sent).toEqual([]);
    await tick();
    expect(sent).toEqual(['a']);
    await tick();
    expect(sent).toEqual(['a']);
  });

  it('passes on what the tracked work resolves to, or its failure', async () => {
    const waves = new BatchWaves();
    await expect(waves.track(Promise.resolve(7))).resolves.toBe(7);
    await expect(waves.track(Promise.reject(new Error('down')))).rejects.toThrow('down');
    // Failed work still leaves the wave: later batches go out.
    const sent: string[] = [];
    waves.schedule(() => sent.push('after'));
    await tick();
    expect(sent).toEqual(['after']);
  });
});

describe('batch loaders', () => {
  it('batch the loads of one wave into one call, and the loads their results trigger into the next', async () => {
    const waves = new BatchWaves();
    const calls: number[][] = [];
    const loader = batchLoader<number, number>(waves, async (keys) => {
      calls.push([...keys]);
      return keys.map((key) => key * 10);
    });
    const results = await Promise.all([1, 2, 3].map(async (key) => loader.load(key + (await loader.load(key)))));
    expect(results).toEqual([110, 220, 330]);
    expect(calls).toEqual([
      [1, 2, 3],
      [11, 22, 33],
    ]);
  });

  it("hold back another loader's batch while one is at the database", async () => {
    const waves = new BatchWaves();
    const calls: string[] = [];
    let release!: () => void;
    const slow = batchLoader<number, number>(waves, async (keys) => {
      calls.push(`slow ${keys.join()}`);
      await new Promise<void>((resolve) => (release = resolve));
      return [...keys];
    });
    const quick = batchLoader<number, number>(waves, async (keys) => {
      calls.push(`quick ${keys.join()}`);
      return [...keys];
    });
    const first = slow.load(1);
    await tick();
    await tick();
    const second = quick.load(2);
    await tick();
    await tick();
    expect(calls).toEqual(['slow 1']);
    release();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(calls).toEqual(['slow 1', 'quick 2']);
  });

  it('puts rows by id in key order, undefined where a row is missing', () => {
    const rows = [
      { id: 'b', name: 'B' },
      { id: 'a', name: 'A' },
    ];
    expect(inKeyOrder(['a', 'x', 'b'], rows)).toEqual([{ id: 'a', name: 'A' }, undefined, { id: 'b', name: 'B' }]);
  });
});

describe('groupInKeyOrder', () => {
  it('groups rows under their key, in key order, with an empty list for keys without rows', () => {
    const rows = [
      { key: 'b', n: 1 },
      { key: 'a', n: 2 },
      { key: 'b', n: 3 },
      { key: 'z', n: 4 },
    ];
    expect(groupInKeyOrder(['a', 'b', 'c'], rows, (row) => row.key)).toEqual([
      [{ key: 'a', n: 2 }],
      [
        { key: 'b', n: 1 },
        { key: 'b', n: 3 },
      ],
      [],
    ]);
  });
});
