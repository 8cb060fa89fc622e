import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// End-to-end tests of `blade data …` through the built binary (`pnpm test` builds first).
const root = join(import.meta.dirname, '..');
const bin = join(root, 'packages/cli/dist/bundle/blade.js'); // the published bin (package.json)
const fixtures = join(root, 'packages/data/test/fixtures');
const run = promisify(execFile);
let tmp: string;

async function blade(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** A user error: exit 1, exactly one stderr line `blade: error: …`, no stack trace. */
function expectOneLineError(r: { code: number; stderr: string }, pattern: RegExp): void {
  expect(r.code).toBe(1);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^blade: error: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`pnpm build\` first (pnpm test does)`);
  tmp = mkdtempSync(join(tmpdir(), 'bladerec-cli-data-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('blade data (built binary)', () => {
  test('formats lists the built-in formats', async () => {
    const r = await blade('data', 'formats');
    expect(r.code).toBe(0);
    expect(
      r.stdout
        .split('\n')
        .slice(1, 8)
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(['canonical', 'd3-csv', 'history-jsonl', 'interactions', 'movielens', 'sprec', 'synthetic']);
  });

  test('inspect prints counts (text and JSON)', async () => {
    const text = await blade(
      'data',
      'inspect',
      join(fixtures, 'ml-100k'),
      '--format',
      'movielens',
      '--option',
      'kCore=2',
    );
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^items\s+4$/m);
    expect(text.stdout).toMatch(/^users\s+2$/m);
    expect(text.stdout).toMatch(/^k-core-removed-users\s+1\s/m);
    const json = await blade('data', 'inspect', join(fixtures, 'history-lists'), '--format', 'history-jsonl', '--json');
    expect(json.code).toBe(0);
    const stats = JSON.parse(json.stdout) as {
      items: number;
      examples: Record<string, number>;
      targetLength: { train: { max: number } };
    };
    expect(stats.items).toBe(6);
    expect(stats.examples).toEqual({ train: 2, valid: 2, test: 1 });
    expect(stats.targetLength.train.max).toBe(2);
  });

  test('convert writes the canonical format, which inspects to the same counts', async () => {
    const out = join(tmp, 'd3-canonical');
    const r = await blade('data', 'convert', join(fixtures, 'd3'), '--format', 'd3-csv', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/: 6 items, 3 train \/ 3 valid \/ 2 test examples \(from d3-csv\)/);
    for (const f of ['catalog.json', 'train.jsonl', 'valid.jsonl', 'test.jsonl', 'dataset.json'])
      expect(existsSync(join(out, f))).toBe(true);
    const before = JSON.parse(
      (await blade('data', 'inspect', join(fixtures, 'd3'), '--format', 'd3-csv', '--json')).stdout,
    ) as Record<string, unknown>;
    const after = JSON.parse((await blade('data', 'inspect', out, '--format', 'canonical', '--json')).stdout) as Record<
      string,
      unknown
    >;
    for (const key of [
      'items',
      'users',
      'examples',
      'historyLength',
      'targetLength',
      'groups',
      'popularity',
      'embeddings',
    ])
      expect(after[key]).toEqual(before[key]);
  });

  test('synth writes a seeded synthetic data set', async () => {
    const a = join(tmp, 'synth-a');
    const b = join(tmp, 'synth-b');
    expect((await blade('data', 'synth', '--out', a, '--users', '80', '--items', '60', '--seed', '9')).code).toBe(0);
    expect((await blade('data', 'synth', '--out', b, '--users', '80', '--items', '60', '--seed', '9')).code).toBe(0);
    expect(readFileSync(join(a, 'test.jsonl'), 'utf8')).toBe(readFileSync(join(b, 'test.jsonl'), 'utf8'));
    const manifest = JSON.parse(readFileSync(join(a, 'dataset.json'), 'utf8')) as {
      sourceFormat: string;
      generator: { seed: number; users: number };
    };
    expect(manifest.sourceFormat).toBe('synthetic');
    expect(manifest.generator).toMatchObject({ seed: 9, users: 80, items: 60 });
  });

  test('malformed input: one line naming file and line, exit 1, no stack trace', async () => {
    const dir = join(tmp, 'bad-d3');
    cpSync(join(fixtures, 'd3'), dir, { recursive: true });
    writeFileSync(join(dir, 'test.csv'), 'user_id,history_item_id,item_id\nU1,"[0, 1]",2\nU2,"[0, 1",2\n');
    expectOneLineError(
      await blade('data', 'inspect', dir, '--format', 'd3-csv'),
      new RegExp(`${join(dir, 'test.csv')}:3: column history_item_id: bad Python list`),
    );
    const ml = join(tmp, 'bad-ml');
    cpSync(join(fixtures, 'ml-1m'), ml, { recursive: true });
    writeFileSync(join(ml, 'ratings.dat'), '1::1::5::978300760\n1::2::x::978300770\n');
    expectOneLineError(
      await blade('data', 'convert', ml, '--format', 'movielens', '--out', join(tmp, 'never')),
      new RegExp(`${join(ml, 'ratings.dat')}:2: rating "x" is not a number`),
    );
    const sprec = join(tmp, 'bad-sprec');
    cpSync(join(fixtures, 'sprec'), sprec, { recursive: true });
    writeFileSync(
      join(sprec, 'train.json'),
      Buffer.from('[{"input": "\\"Caf\xe9\\"", "output": "\\"Night\\""}]', 'latin1'),
    );
    expectOneLineError(
      await blade('data', 'inspect', sprec, '--format', 'sprec'),
      new RegExp(`${join(sprec, 'train.json')}:1: invalid UTF-8`),
    );
  });

  test('bad flags and formats: one-line errors', async () => {
    expectOneLineError(
      await blade('data', 'inspect', join(fixtures, 'sprec'), '--format', 'alpaca'),
      /unknown data format 'alpaca' \(known formats: canonical, d3-csv, history-jsonl, interactions, movielens, sprec, synthetic\)/,
    );
    expectOneLineError(
      await blade('data', 'inspect', join(fixtures, 'sprec'), '--format', 'sprec', '--option', 'kCore=3'),
      /invalid options for format 'sprec': unknown option 'kCore'/,
    );
    expectOneLineError(
      await blade('data', 'inspect', join(tmp, 'nothing-here'), '--format', 'sprec'),
      /nothing-here: no such file or folder/,
    );
    expectOneLineError(await blade('data', 'synth', '--out', join(tmp, 's'), '--users', '2'), /users must be >= 3/);
    const usage = await blade('data', 'inspect', join(fixtures, 'sprec'));
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/required option '--format <name>' not specified/);
  });
});
