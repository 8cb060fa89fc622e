import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCheckpoint, writeCheckpoint } from '../src/index.js';

describe('checkpoint files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
  const path = join(dir, 'c.bct');
  const tensors = new Map([
    ['a', { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) }],
    ['b', { shape: [1], data: Float32Array.from([-0.5]) }],
  ]);

  it('round-trips state and tensors, replacing the previous file atomically', () => {
    writeCheckpoint(path, { state: { step: 1 }, tensors });
    writeCheckpoint(path, { state: { step: 2, note: 'ü' }, tensors });
    const back = readCheckpoint<{ step: number; note: string }>(path);
    expect(back.state).toEqual({ step: 2, note: 'ü' });
    expect(Array.from(back.tensors.get('a')!.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(back.tensors.get('a')!.shape).toEqual([2, 3]);
    expect(Array.from(back.tensors.get('b')!.data)).toEqual([-0.5]);
  });

  it('rejects truncated, corrupted and foreign files with a named error', () => {
    const bytes = readFileSync(path);
    writeFileSync(join(dir, 'trunc.bct'), bytes.subarray(0, bytes.length - 3));
    expect(() => readCheckpoint(join(dir, 'trunc.bct'))).toThrow(/trunc\.bct: checkpoint is truncated/);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 1]! ^= 0xff;
    writeFileSync(join(dir, 'flip.bct'), flipped);
    expect(() => readCheckpoint(join(dir, 'flip.bct'))).toThrow(/fail their checksum/);
    writeFileSync(join(dir, 'other.bct'), 'hello');
    expect(() => readCheckpoint(join(dir, 'other.bct'))).toThrow(/not a bladerec checkpoint/);
    expect(() => readCheckpoint(join(dir, 'missing.bct'))).toThrow(/missing\.bct: cannot read checkpoint \(ENOENT\)/);
  });
});
