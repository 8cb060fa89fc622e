import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { wasm } from '../src/internal.js';

const {
  assembleModule,
  end,
  F64,
  f64Const,
  I32,
  i32Add,
  i32Const,
  i32Load,
  i32Store,
  instantiate,
  localGet,
  sleb,
  uleb,
} = wasm;

/** Reads a LEB128 number back, as a decoder would (`signed`: sign-extend the last group). */
function decode(bytes: number[], signed: boolean): number {
  let result = 0n;
  let shift = 0n;
  for (const byte of bytes) {
    result |= BigInt(byte & 0x7f) << shift;
    shift += 7n;
  }
  if (signed && (bytes.at(-1)! & 0x40) !== 0) result -= 1n << shift;
  return Number(result);
}

describe('LEB128', () => {
  it('encodes the edge values of u32', () => {
    expect(uleb(0)).toEqual([0x00]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(16_383)).toEqual([0xff, 0x7f]);
    expect(uleb(16_384)).toEqual([0x80, 0x80, 0x01]);
    expect(uleb(624_485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(2 ** 31)).toEqual([0x80, 0x80, 0x80, 0x80, 0x08]);
    expect(uleb(2 ** 32 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
  });

  it('encodes the edge values of i32', () => {
    expect(sleb(0)).toEqual([0x00]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]); // bit 6 set: one more byte keeps it positive
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb(-123_456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(2 ** 31 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x07]);
    expect(sleb(-(2 ** 31))).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
  });

  it('refuses values outside the range or not integers', () => {
    for (const bad of [-1, 2 ** 32, 0.5, Number.NaN]) expect(() => uleb(bad), String(bad)).toThrow(RangeError);
    for (const bad of [2 ** 31, -(2 ** 31) - 1, 1.5, Number.POSITIVE_INFINITY])
      expect(() => sleb(bad), String(bad)).toThrow(RangeError);
  });

  test.prop([fc.nat({ max: 2 ** 32 - 1 })])(
    'uleb round-trips every u32 in at most 5 bytes, the high bit marking continuation',
    (value) => {
      const bytes = uleb(value);
      expect(bytes.length).toBeLessThanOrEqual(5);
      expect(bytes.slice(0, -1).every((b) => b >= 0x80) && bytes.at(-1)! < 0x80).toBe(true);
      expect(decode(bytes, false)).toBe(value);
    },
  );

  test.prop([fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })])(
    'sleb round-trips every i32 in at most 5 bytes',
    (value) => {
      const bytes = sleb(value);
      expect(bytes.length).toBeLessThanOrEqual(5);
      expect(decode(bytes, true)).toBe(value);
    },
  );
});

describe('assembleModule', () => {
  const module = (body: number[], results: wasm.ValueType[] = [I32], params: wasm.ValueType[] = []) =>
    instantiate(assembleModule({ params, results, locals: [], body, exportName: 'f', memory: 'import' }));

  it('builds a module that adds two i32 (wrapping at 2³²)', () => {
    const { exports } = module([...localGet(0), ...localGet(1), ...i32Add, ...end], [I32], [I32, I32]);
    const add = exports['f'] as (a: number, b: number) => number;
    expect(add(2, 3)).toBe(5);
    expect(add(-7, 3)).toBe(-4);
    expect(add(2 ** 31 - 1, 1)).toBe(-(2 ** 31));
  });

  it('imports the memory it is given', () => {
    const { exports, memory } = module(
      [...i32Const(8), ...i32Const(8), ...i32Load(), ...i32Const(1), ...i32Add, ...i32Store(), ...end],
      [],
    );
    new Int32Array(memory.buffer)[2] = 41;
    (exports['f'] as () => void)();
    expect(new Int32Array(memory.buffer)[2]).toBe(42);
  });

  it('refuses a body without its final end', () => {
    expect(() =>
      assembleModule({ params: [], results: [], locals: [], body: [], exportName: 'f', memory: 'import' }),
    ).toThrow(/end/);
  });

  test.prop([fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.double()], { numRuns: 50 })(
    'constants come back unchanged',
    (int, double) => {
      expect((module([...i32Const(int), ...end]).exports['f'] as () => number)()).toBe(int);
      expect((module([...f64Const(double), ...end], [F64]).exports['f'] as () => number)()).toBe(double);
    },
  );
});
