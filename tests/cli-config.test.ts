import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { bladeInProcess, oneLineError } from './support/in-process.js';

// `blade config validate`, `--dry-run` on the train commands, defaulted sections and `plugins:` in a
// config, run in-process (nothing here is about the process boundary).
const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'bladerec-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const small = 'data: { format: synthetic, alignHoldout: 0.25, options: { seed: 5, items: 40, users: 60, minHistory: 4, maxHistory: 8 } }\n';

describe('blade config validate', () => {
  test('a valid file: which sections it gives, and which are left to defaults', async () => {
    const file = write('ok.yaml', `${small}objective: [ndcg@10, { reward: ild@10, weight: 0.1 }]\n`);
    const r = await bladeInProcess(['config', 'validate', 'ok.yaml'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${file}: valid (sections: objective, data)\n`);
    expect(r.stderr).toBe('note: not in the file, so a command that uses them runs with their defaults: model, sft, align\n');
    const json = JSON.parse((await bladeInProcess(['config', 'validate', 'ok.yaml', '--json'], dir)).stdout);
    expect(json.defaulted).toEqual(['model', 'sft', 'align']);
    expect(json.config.objective.terms[1]).toEqual({ reward: 'ild', options: { k: 10, distance: 'cosine' }, weight: 0.1, normalize: 'none' });
  });

  test('every issue of the file in one line: unknown reward, misspelt field, bad value, model cross-field check', async () => {
    const file = write('bad.yaml', 'objective: [ndcgg@10, { reward: ild, wieght: 2 }]\nmodel: { dModel: 64, heads: 5 }\nsft: { epochs: -1 }\n');
    expect(oneLineError(await bladeInProcess(['config', 'validate', file], dir))).toBe(
      `${file}: objective.terms[0].reward: unknown reward 'ndcgg@10' (did you mean ndcg?) (rule: unknown-reward); `
        + "objective.terms[1]: unknown property 'wieght' (rule: additionalProperties); "
        + 'sft.epochs: must be > 0 (rule: exclusiveMinimum); '
        + 'model.dModel: 64 is not divisible by heads (5) (rule: cross-field)',
    );
  });

  test('a config names its plugins: loaded for every command that reads it, paths relative to the file', async () => {
    write('novelty.yaml', `plugins: [${join(root, 'examples/bladerec-reward-novelty')}]\n${small}objective: [ndcg@10, { reward: novelty@10, weight: 0.1 }]\n`);
    const r = await bladeInProcess(['config', 'validate', 'novelty.yaml'], dir);
    expect(r.code, r.stderr).toBe(0);
    const withoutPlugin = write('no-plugin.yaml', `${small}objective: [ndcg@10, { reward: novelty@10, weight: 0.1 }]\n`);
    expect(oneLineError(await bladeInProcess(['config', 'validate', withoutPlugin], dir))).toMatch(/objective\.terms\[1\]\.reward: unknown reward 'novelty@10'/);
  });
});

describe('--dry-run on train commands', () => {
  test('train sft --dry-run: resolved config, data counts and what would run; nothing trained or written', async () => {
    const file = write('only-data.yaml', small);
    const r = await bladeInProcess(['train', 'sft', '--config', 'only-data.yaml', '--out', 'runs/x', '--dry-run'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`note: ${file} has no model, sft section: defaults used (blade config validate --json only-data.yaml shows them)\n`);
    expect(r.stdout).toMatch(new RegExp(`^dry run of ${file}\ndata: synthetic-seed5 \\(synthetic\\): 40 items; train 60 examples \\(SFT 45, alignment hold-out 15\\), valid 60, test 60\n`));
    expect(r.stdout).toContain(`would run: blade train sft into ${join(dir, 'runs/x')}\nresolved config:\n{\n  "data": {`);
    expect(existsSync(join(dir, 'runs/x'))).toBe(false);
  });

  test('train blade --dry-run --json: a config with only an objective says the data and align sections were defaulted', async () => {
    write('model.bct', 'placeholder: dry runs do not read the model');
    write('objective-only.yaml', 'objective: [ndcg@10]\n');
    const r = await bladeInProcess(['train', 'blade', '--config', 'objective-only.yaml', '--init', 'model.bct', '--dry-run', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/has no data, align section: defaults used/);
    const { dryRun } = JSON.parse(r.stdout);
    expect(dryRun.command).toBe('train blade');
    expect(dryRun.resolved.align.algorithm).toBe('blade');
    expect(dryRun.data.items).toBeGreaterThan(0);
  });
});
