import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BladeUserError, CliContribution, CliIo, createBladeContainer } from '@bladerec/core';
import { Command } from 'commander';
import { describe, expect, test } from 'vitest';
import { dataModule } from '../src/index.js';
import { fixture, tmpDir } from './support/tmp-tree.js';

/** Runs `blade data …` in-process with buffered output. */
async function run(argv: string[], cwd = process.cwd()): Promise<{ out: string; err: string; error?: unknown }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), cwd, interactive: false, env: {} };
  const container = createBladeContainer({ modules: [dataModule] });
  container.bind(CliIo).toConstantValue(io);
  const program = new Command('blade')
    .exitOverride()
    .configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (err += s) });
  for (const c of container.getAll<CliContribution>(CliContribution)) c.register(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return { out, err };
  } catch (error) {
    return { out, err, error };
  }
}

describe('blade data (in-process)', () => {
  test('formats lists every loader with its options', async () => {
    const r = await run(['data', 'formats']);
    expect(r.error).toBeUndefined();
    for (const f of ['canonical', 'd3-csv', 'history-jsonl', 'interactions', 'movielens', 'sprec'])
      expect(r.out).toMatch(new RegExp(`^${f} `, 'm'));
    expect(r.out).toMatch(/movielens .*ratingThreshold, kCore, split/);
    const json = JSON.parse((await run(['data', 'formats', '--json'])).out) as {
      formats: { format: string; options: { properties: Record<string, { default?: unknown }> } }[];
    };
    expect(json.formats.find((f) => f.format === 'movielens')!.options.properties['kCore']!.default).toBe(5);
  });

  test('inspect prints counts, lengths, genres, unknown titles and the report', async () => {
    const r = await run(['data', 'inspect', fixture('sprec'), '--format', 'sprec']);
    expect(r.error).toBeUndefined();
    expect(r.out).toMatch(/^data set sprec \(format sprec\)/);
    expect(r.out).toMatch(/^items\s+8$/m);
    expect(r.out).toMatch(/^unknown titles\s+2$/m);
    expect(r.out).toMatch(/^examples\s+train \d+, valid \d+, test \d+$/m);
    expect(r.out).toMatch(/^genres \(3; 1 items without a genre\)$/m);
    expect(r.out).toMatch(/^unknown-title\s+2\s+a history title that is not in the catalog/m);
    const json = JSON.parse((await run(['data', 'inspect', fixture('sprec'), '--format', 'sprec', '--json'])).out) as {
      items: number;
      unknownTitles: number;
      historyLength: { train: { min: number } };
    };
    expect(json.items).toBe(8);
    expect(json.unknownTitles).toBe(2);
  });

  test('synthetic is one registered format: listed, inspected without a path, the same data synth writes', async () => {
    expect((await run(['data', 'formats'])).out).toMatch(/^synthetic .*seed, items, users/m);
    const r = await run([
      'data',
      'inspect',
      '--format',
      'synthetic',
      '--option',
      'seed=3',
      '--option',
      'items=60',
      '--option',
      'users=50',
      '--json',
    ]);
    expect(r.error).toBeUndefined();
    const generated = JSON.parse(r.out) as { items: number; examples: Record<string, number> };
    expect(generated).toMatchObject({ items: 60, examples: { train: 50, valid: 50, test: 50 } });
    const dir = tmpDir();
    await run(['data', 'synth', '--out', join(dir, 'syn'), '--seed', '3', '--items', '60', '--users', '50']);
    const written = JSON.parse(
      (await run(['data', 'inspect', join(dir, 'syn'), '--format', 'canonical', '--json'])).out,
    ) as typeof generated;
    expect(written.items).toBe(generated.items);
    expect(written.examples).toEqual(generated.examples);
    const withPath = await run(['data', 'inspect', dir, '--format', 'synthetic']);
    expect((withPath.error as BladeUserError).message).toMatch(/format 'synthetic' reads no file: leave the path out/);
    const withoutPath = await run(['data', 'inspect', '--format', 'sprec']);
    expect((withoutPath.error as BladeUserError).message).toBe("format 'sprec' needs a path (a file or folder)");
  });

  test('inspect passes --option values to the loader', async () => {
    const r = await run([
      'data',
      'inspect',
      fixture('ml-100k'),
      '--format',
      'movielens',
      '--option',
      'kCore=2',
      '--json',
    ]);
    expect((JSON.parse(r.out) as { items: number }).items).toBe(4);
  });

  test('convert writes the canonical folder; synth writes the synthetic one', async () => {
    const out = tmpDir();
    const r = await run(
      ['data', 'convert', 'sprec', '--format', 'sprec', '--out', join(out, 'c'), '--option', 'seed=7'],
      fixture(''),
    );
    expect(r.error).toBeUndefined();
    expect(r.out).toMatch(/^wrote .*c: 8 items, \d+ train \/ \d+ valid \/ \d+ test examples \(from sprec\)$/m);
    expect(r.err).toMatch(/note: load rules applied: empty-history 2/);
    const manifest = JSON.parse(readFileSync(join(out, 'c', 'dataset.json'), 'utf8')) as { seed: number };
    expect(manifest.seed).toBe(7);
    const s = await run(['data', 'synth', '--out', join(out, 's'), '--users', '50', '--items', '60', '--seed', '3']);
    expect(s.error).toBeUndefined();
    expect(s.out).toMatch(/synthetic seed 3, 60 items, 50 users, 50 train \/ 50 valid \/ 50 test examples/);
    expect(existsSync(join(out, 's', 'catalog.json'))).toBe(true);
    const back = await run(['data', 'inspect', join(out, 's'), '--format', 'canonical', '--json']);
    expect((JSON.parse(back.out) as { users: number }).users).toBe(50);
  });

  test('user errors surface as BladeUserError', async () => {
    const bad = await run(['data', 'inspect', fixture('sprec'), '--format', 'nope']);
    expect(bad.error).toBeInstanceOf(BladeUserError);
    expect((bad.error as Error).message).toMatch(/unknown data format 'nope' \(known formats: canonical, d3-csv/);
    const synth = await run(['data', 'synth', '--out', tmpDir(), '--users', 'many']);
    expect((synth.error as Error).message).toBe('--users: expected a number, got "many"');
    const opt = await run(['data', 'inspect', fixture('sprec'), '--format', 'sprec', '--option', 'seed']);
    expect((opt.error as Error).message).toMatch(/expected key=value/);
  });
});
