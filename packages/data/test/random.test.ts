import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { fnv1a32, mixSeeds, Random } from '../src/index.js';

describe('Random (Mulberry32)', () => {
  test('matches the reference Mulberry32 sequence (platform-independent integer arithmetic)', () => {
    // reference values computed with an independent implementation of Mulberry32
    const r42 = new Random(42);
    expect([r42.nextUint32(), r42.nextUint32(), r42.nextUint32(), r42.nextUint32(), r42.nextUint32()]).toEqual([
      2581720956, 1925393290, 3661312704, 2876485805, 750819978,
    ]);
    const r0 = new Random(0);
    expect([r0.nextUint32(), r0.nextUint32(), r0.nextUint32()]).toEqual([1144304738, 1416247, 958946056]);
  });

  test.prop([fc.integer(), fc.integer({ min: 1, max: 1000 })])(
    'nextInt stays in [0, n) and floats in [0, 1)',
    (seed, n) => {
      const r = new Random(seed);
      for (let k = 0; k < 50; k++) {
        const x = r.nextInt(n);
        expect(Number.isInteger(x) && x >= 0 && x < n).toBe(true);
        const f = r.nextFloat();
        expect(f >= 0 && f < 1).toBe(true);
      }
    },
  );

  test.prop([fc.integer(), fc.array(fc.integer(), { maxLength: 40 })])(
    'shuffle is a permutation and is reproducible',
    (seed, xs) => {
      const a = new Random(seed).shuffle([...xs]);
      const b = new Random(seed).shuffle([...xs]);
      expect(a).toEqual(b);
      expect([...a].sort((p, q) => p - q)).toEqual([...xs].sort((p, q) => p - q));
    },
  );

  test('pickWeighted never picks a zero weight and follows the weights', () => {
    const r = new Random(7);
    const counts = [0, 0, 0];
    for (let k = 0; k < 3000; k++) counts[r.pickWeighted([1, 0, 3])]!++;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.5);
    expect(counts[2]! / counts[0]!).toBeLessThan(3.5);
    expect(() => r.pickWeighted([0, 0])).toThrow(RangeError);
  });

  test('normal variates have mean ≈ 0 and variance ≈ 1', () => {
    const r = new Random(3);
    let s = 0;
    let s2 = 0;
    const n = 20000;
    for (let k = 0; k < n; k++) {
      const x = r.normal();
      s += x;
      s2 += x * x;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.05);
  });

  test('FNV-1a matches its published test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    expect(mixSeeds(1, 2)).not.toBe(mixSeeds(2, 1));
  });
});
