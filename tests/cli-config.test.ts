import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCheckpoint } from '@bladerec/trainer';
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
/** A model file header as `blade train sft` writes it (the weights are not read by these checks). */
const modelFile = (name: string, config: Record<string, unknown>, meta: Record<string, unknown>) => {
  const model = {
    layers: 1,
    dModel: 16,
    heads: 2,
    ffnMultiplier: 2,
    context: 6,
    dropout: 0.1,
    initFromCatalog: false,
    ...config,
  };
  writeCheckpoint(join(dir, name), {
    state: { kind: 'bladerec-model', config: model, numItems: 40, meta },
    tensors: new Map(),
  });
  return join(dir, name);
};
const small =
  'data: { format: synthetic, alignHoldout: 0.25, options: { seed: 5, items: 40, users: 60, minHistory: 4, maxHistory: 8 } }\n';

describe('blade config validate', () => {
  test('a valid file: which sections it gives, and which are left to defaults', async () => {
    const file = write('ok.yaml', `${small}objective: [ndcg@10, { reward: ild@10, weight: 0.1 }]\n`);
    const r = await bladeInProcess(['config', 'validate', 'ok.yaml'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${file}: valid (sections: objective, data)\n`);
    expect(r.stderr).toBe(
      'note: not in the file, so a command that uses them runs with their defaults: model, sft, align, serve\n',
    );
    const json = JSON.parse((await bladeInProcess(['config', 'validate', 'ok.yaml', '--json'], dir)).stdout);
    expect(json.defaulted).toEqual(['model', 'sft', 'align', 'serve']);
    expect(json.config.objective.terms[1]).toEqual({
      reward: 'ild',
      options: { k: 10, distance: 'cosine' },
      weight: 0.1,
      normalize: 'none',
    });
  });

  test('every issue of the file in one line: unknown reward, misspelt field, bad value, model cross-field check', async () => {
    const file = write(
      'bad.yaml',
      'objective: [ndcgg@10, { reward: ild, wieght: 2 }]\nmodel: { dModel: 64, heads: 5 }\nsft: { epochs: -1 }\n',
    );
    expect(oneLineError(await bladeInProcess(['config', 'validate', file], dir))).toBe(
      `${file}: objective.terms[0].reward: unknown reward 'ndcgg@10' (did you mean ndcg?) (rule: unknown-reward); ` +
        "objective.terms[1]: unknown property 'wieght' (rule: additionalProperties); " +
        'sft.epochs: must be > 0 (rule: exclusiveMinimum); ' +
        'model.dModel: 64 is not divisible by heads (5) (rule: cross-field)',
    );
  });

  test('a config names its plugins: loaded for every command that reads it, paths relative to the file', async () => {
    write(
      'novelty.yaml',
      `plugins: [${join(root, 'examples/bladerec-reward-novelty')}]\n${small}objective: [ndcg@10, { reward: novelty@10, weight: 0.1 }]\n`,
    );
    const r = await bladeInProcess(['config', 'validate', 'novelty.yaml'], dir);
    expect(r.code, r.stderr).toBe(0);
    const withoutPlugin = write(
      'no-plugin.yaml',
      `${small}objective: [ndcg@10, { reward: novelty@10, weight: 0.1 }]\n`,
    );
    expect(oneLineError(await bladeInProcess(['config', 'validate', withoutPlugin], dir))).toMatch(
      /objective\.terms\[1\]\.reward: unknown reward 'novelty@10'/,
    );
  });
});

describe('--dry-run on train commands', () => {
  test('train sft --dry-run: resolved config, data counts and what would run; nothing trained or written', async () => {
    const file = write('only-data.yaml', small);
    const r = await bladeInProcess(['train', 'sft', '--config', 'only-data.yaml', '--out', 'runs/x', '--dry-run'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      `note: ${file} has no model, sft section: defaults used (blade config validate --json only-data.yaml shows them)\n`,
    );
    expect(r.stdout).toMatch(
      new RegExp(
        `^dry run of ${file}\ndata: synthetic-seed5 \\(synthetic\\): 40 items; train 60 examples \\(SFT 45, alignment hold-out 15\\), valid 60, test 60\n`,
      ),
    );
    expect(r.stdout).toContain(
      `would run: blade train sft into ${join(dir, 'runs/x')}\nresolved config:\n{\n  "data": {`,
    );
    expect(existsSync(join(dir, 'runs/x'))).toBe(false);
  });

  test('train blade --dry-run --json: a config with only an objective says the data and align sections were defaulted', async () => {
    modelFile('model.bct', {}, { algorithm: 'sft' });
    write('objective-only.yaml', 'objective: [ndcg@10]\n');
    const r = await bladeInProcess(
      ['train', 'blade', '--config', 'objective-only.yaml', '--init', 'model.bct', '--dry-run', '--json'],
      dir,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/has no data, align section: defaults used/);
    const { dryRun } = JSON.parse(r.stdout);
    expect(dryRun.command).toBe('train blade');
    expect(dryRun.resolved.align.algorithm).toBe('blade');
    expect(dryRun.data.items).toBeGreaterThan(0);
  });
});

describe('the model a run starts from agrees with the config', () => {
  test("a model section describing another architecture than --init's is an error, not silently ignored", async () => {
    const init = modelFile(
      'sft-16.bct',
      { dModel: 16, heads: 2 },
      { algorithm: 'sft', alignHoldout: 0.25, holdoutSeed: 17 },
    );
    write('other-model.yaml', `${small}model: { layers: 1, dModel: 32, heads: 4, ffnMultiplier: 2, context: 6 }\n`);
    expect(
      oneLineError(
        await bladeInProcess(['train', 'blade', '--config', 'other-model.yaml', '--init', init, '--dry-run'], dir),
      ),
    ).toBe(
      `${init}: the config's model section differs from the model it starts from (model.dModel 32 vs 16, model.heads 4 vs 2); ` +
        "alignment keeps the model's architecture: remove the model section or make it match",
    );
  });

  test('an SFT model trained without an alignment hold-out and a config that sets one is an error', async () => {
    const init = modelFile('sft-no-holdout.bct', {}, { algorithm: 'sft', alignHoldout: 0, holdoutSeed: 17 });
    write('holdout.yaml', small);
    expect(
      oneLineError(
        await bladeInProcess(['train', 'vbon', '--config', 'holdout.yaml', '--init', init, '--dry-run'], dir),
      ),
    ).toBe(
      `${init}: the SFT model was trained with data.alignHoldout 0 (holdoutSeed 17), but this config sets 0.25 (holdoutSeed 17): ` +
        'alignment would not run on the contexts SFT held out; use the data section of the SFT run',
    );
  });

  test('a model file that records no hold-out gets a note when the config sets one', async () => {
    const init = modelFile('old.bct', {}, { algorithm: 'sft' });
    write('holdout-note.yaml', `${small}align: { steps: 2 }\n`);
    const r = await bladeInProcess(['train', 'bon', '--config', 'holdout-note.yaml', '--init', init, '--dry-run'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `note: ${init} does not record the alignment hold-out it was trained with; check that data.alignHoldout 0.25 matches its SFT run\n`,
    );
  });
});

describe('help and usage', () => {
  test('blade --help has examples; eval --help marks the required flags', async () => {
    const root = await bladeInProcess(['--help'], dir);
    expect(root.code).toBe(0);
    expect(root.stdout).toMatch(/\nExamples:\n {2}blade eval --lists/);
    const evalHelp = (await bladeInProcess(['eval', '--help'], dir)).stdout;
    for (const flag of ['--lists <jsonl>', '--truth <jsonl>', '--metric <name>'])
      expect(evalHelp).toMatch(new RegExp(`${flag}\\s+\\(required`));
    expect(evalHelp).toMatch(/\nExamples:\n/);
  });

  test('a bare blade eval names every missing required flag at once (usage error, exit 2)', async () => {
    const r = await bladeInProcess(['eval'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "error: required options '--lists <jsonl>', '--truth <jsonl>', '--metric <name>' not specified\n(run with --help for usage)\n",
    );
  });

  test('train bon trains nothing, so it offers no --resume; train sft does', async () => {
    expect((await bladeInProcess(['train', 'bon', '--help'], dir)).stdout).not.toMatch(/--resume/);
    expect((await bladeInProcess(['train', 'sft', '--help'], dir)).stdout).toMatch(/--resume/);
    const r = await bladeInProcess(['train', 'bon', '--config', 'x.yaml', '--resume'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown option '--resume'/);
  });
});
