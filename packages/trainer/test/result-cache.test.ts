import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliIo, createBladeContainer } from '@bladerec/core';
import { dataPlugin, DatasetLoaderRegistry, Random } from '@bladerec/data';
import estimators from '@bladerec/estimators';
import diversity from '@bladerec/reward-diversity';
import ndcg from '@bladerec/reward-ndcg';
import recall from '@bladerec/reward-recall';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decodeEntry,
  encodeEntry,
  loadTrainingData,
  ResultCache,
  saveModel,
  selectBackend,
  TrainAlignCommand,
  trainerModule,
  Transformer,
} from '../src/internal.js';
import { tinySft } from './align-fixtures.js';

/**
 * The result cache of an alignment run's reference-only computations, through `blade train blade`
 * in-process: cold, warm and without it the run's files are identical; keys cover the inputs; a
 * corrupted entry is recomputed with a warning.
 */
const dir = mkdtempSync(join(tmpdir(), 'result-cache-'));
const container = (env: Record<string, string>, err: string[]) => {
  const c = createBladeContainer({
    plugins: [ndcg, recall, diversity, estimators, dataPlugin],
    modules: [trainerModule],
  });
  c.bind(CliIo).toConstantValue({
    out: () => undefined,
    err: (t: string) => void err.push(t),
    cwd: dir,
    interactive: false,
    env,
  } satisfies CliIo);
  return c;
};

const config = {
  data: {
    format: 'synthetic',
    options: { seed: 3, items: 60, users: 240, minHistory: 4, maxHistory: 10, genres: 4, groups: 2, factors: 4 },
    alignHoldout: 0.3,
  },
  objective: { terms: ['ndcg@5', { reward: 'ild', weight: 0.1, options: { k: 5 } }] },
  align: {
    seed: 5,
    steps: 4,
    contextsPerStep: 8,
    groupSize: 4,
    listLength: 5,
    referenceRollouts: 4,
    evalEvery: 2,
    evalExamples: 20,
    evalSamples: 2,
    metrics: ['ndcg@5'],
    learningRate: 0.001,
    keepBest: true,
  },
};

/** `blade train blade` into `out`; the cache from `--cache` or the environment. */
async function train(
  out: string,
  options: { cache?: string; env?: Record<string, string>; configFile?: string } = {},
): Promise<string> {
  const err: string[] = [];
  const command = container(options.env ?? {}, err).get(TrainAlignCommand);
  await command.run('blade', {
    config: options.configFile ?? 'align.json',
    out,
    init: 'sft.bct',
    ...(options.cache ? { cache: options.cache } : {}),
  });
  return err.join('');
}

/**
 * The run's files (checkpoint.bct too: it holds the RNG states), with the keys that differ by nature (timing, cache
 * counts) dropped from metrics.jsonl.
 */
function outputs(out: string) {
  const read = (f: string) => readFileSync(join(dir, out, f));
  const metrics = read('metrics.jsonl')
    .toString()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .map((r) =>
      Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('time/') && !k.startsWith('cache/'))),
    );
  return {
    metrics,
    model: read('model.bct'),
    checkpoint: read('checkpoint.bct'),
    summary: read('summary.json').toString(),
    scores: read('test-scores.json').toString(),
  };
}

const firstRecord = (out: string) =>
  JSON.parse(readFileSync(join(dir, out, 'metrics.jsonl'), 'utf8').split('\n')[0]!) as Record<string, unknown>;

beforeAll(async () => {
  await selectBackend('wasm');
  writeFileSync(join(dir, 'align.json'), JSON.stringify(config));
  const loaders = createBladeContainer({ plugins: [dataPlugin] }).get<DatasetLoaderRegistry>(DatasetLoaderRegistry);
  const data = await loadTrainingData({ ...config.data, holdoutSeed: 17 }, loaders, dir);
  await saveModel(join(dir, 'sft.bct'), await tinySft(data), { alignHoldout: 0.3, holdoutSeed: 17 });
}, 120_000);

describe('the result cache (BLADE_CACHE_DIR / --cache)', () => {
  it('gives bit-identical run files cold, warm and without it, and reports its hits', async () => {
    const plainLog = await train('plain');
    expect(plainLog).not.toMatch(/cache/);
    expect(Object.keys(firstRecord('plain')).some((k) => k.startsWith('cache/'))).toBe(false);
    const coldLog = await train('cold', { env: { BLADE_CACHE_DIR: 'cache' } });
    const warmLog = await train('warm', { env: { BLADE_CACHE_DIR: 'cache' } });
    const plain = outputs('plain');
    for (const run of ['cold', 'warm']) {
      const other = outputs(run);
      expect(other.metrics, run).toEqual(plain.metrics);
      expect(Buffer.compare(other.model, plain.model), run).toBe(0);
      // the checkpoint holds the trainer's generator state: no cached computation may have advanced it
      expect(Buffer.compare(other.checkpoint, plain.checkpoint), run).toBe(0);
      expect(other.summary, run).toBe(plain.summary);
      expect(other.scores, run).toBe(plain.scores);
    }
    // reference rollouts, ceiling sample, SFT test evaluation: three entries, missed cold, hit warm
    expect(coldLog).toMatch(/cache: 0 hit\(s\), 3 miss\(es\)/);
    expect(warmLog).toMatch(/cache: 3 hit\(s\), 0 miss\(es\)/);
    for (const kind of ['reference-rollouts', 'ceiling-reference', 'sft-test-evaluation'])
      expect(warmLog).toContain(`cache: hit ${kind} `);
    expect(firstRecord('cold')).toMatchObject({ 'cache/hits': 0, 'cache/misses': 2 });
    expect(firstRecord('warm')).toMatchObject({ 'cache/hits': 2, 'cache/misses': 0 });
    for (const kind of ['reference-rollouts', 'ceiling-reference', 'sft-test-evaluation']) {
      expect(readdirSync(join(dir, 'cache', kind)).filter((f) => f.endsWith('.json')).length).toBe(1);
      expect(readdirSync(join(dir, 'cache', kind)).some((f) => f.endsWith('.tmp'))).toBe(false);
    }
  }, 300_000);

  it('recomputes a corrupted or truncated entry with a one-line warning, and the run stays identical', async () => {
    const folder = join(dir, 'cache', 'reference-rollouts');
    if (!existsSync(folder)) await train('seed-cache', { cache: 'cache' });
    const [entry] = readdirSync(folder).filter((f) => f.endsWith('.json'));
    const file = join(folder, entry!);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, text.length - 100).replace(/A/, 'B'));
    const ceiling = join(dir, 'cache', 'ceiling-reference');
    writeFileSync(
      join(
        ceiling,
        readdirSync(ceiling).find((f) => f.endsWith('.json'))!,
      ),
      'not an entry',
    );
    const log = await train('corrupt', { cache: 'cache' });
    const warnings = log.split('\n').filter((l) => l.includes('warning'));
    expect(warnings.length).toBe(2);
    expect(warnings[0]).toMatch(
      /^cache: warning: unreadable entry .*reference-rollouts.*checksum mismatch.*; recomputing$/,
    );
    expect(warnings[1]).toMatch(/^cache: warning: unreadable entry .*ceiling-reference.*; recomputing$/);
    expect(log).toMatch(/cache: 1 hit\(s\), 2 miss\(es\)/);
    const plain = outputs('plain');
    const again = outputs('corrupt');
    expect(again.metrics).toEqual(plain.metrics);
    expect(Buffer.compare(again.model, plain.model)).toBe(0);
    expect(again.summary).toBe(plain.summary);
    // rewritten: the next run hits all three
    expect(await train('after', { cache: 'cache' })).toMatch(/cache: 3 hit\(s\), 0 miss\(es\)/);
  }, 300_000);

  it('misses when the seed, M or the objective differ (the model: see the key test below)', async () => {
    const variants: [string, (c: typeof config) => unknown][] = [
      ['seed', (c) => ({ ...c, align: { ...c.align, seed: 6 } })],
      ['M', (c) => ({ ...c, align: { ...c.align, referenceRollouts: 8 } })],
      [
        'objective weight',
        (c) => ({ ...c, objective: { terms: ['ndcg@5', { reward: 'ild', weight: 0.2, options: { k: 5 } }] } }),
      ],
    ];
    for (const [name, change] of variants) {
      writeFileSync(join(dir, `${name}.json`), JSON.stringify(change(config)));
      const log = await train(`variant-${name}`, { cache: 'cache', configFile: `${name}.json` });
      expect(log, name).toMatch(/cache: warning|cache: miss reference-rollouts/);
      expect(log, name).not.toMatch(/cache: hit reference-rollouts/);
    }
  }, 300_000);
});

describe('ResultCache keys and entries', () => {
  const cache = (objective: unknown = { terms: ['ndcg@10'] }) => {
    const c = new ResultCache({ dir: join(dir, 'keys'), objective });
    c.setCode('tf', 'wasm');
    return c;
  };
  const inputs = {
    model: 'm',
    examples: 'e',
    m: 4,
    k: 5,
    excludeHistory: false,
    seed: 1,
    options: { metrics: ['ndcg@5'] },
  };

  it('changes the key with every input, the objective spec, the code and the model bytes', async () => {
    const base = cache().key('reference-rollouts', inputs);
    expect(cache().key('reference-rollouts', { ...inputs })).toBe(base);
    for (const changed of [
      { seed: 2 },
      { m: 8 },
      { k: 6 },
      { excludeHistory: true },
      { examples: 'f' },
      { options: { metrics: ['ndcg@10'] } },
    ]) {
      expect(cache().key('reference-rollouts', { ...inputs, ...changed }), JSON.stringify(changed)).not.toBe(base);
    }
    expect(cache().key('ceiling-reference', inputs)).not.toBe(base);
    expect(cache({ terms: [{ reward: 'ndcg@10', weight: 2 }] }).key('reference-rollouts', inputs)).not.toBe(base);
    const other = cache();
    other.setCode('tf', 'cpu');
    expect(other.key('reference-rollouts', inputs)).not.toBe(base);
    const threads = process.env['BLADE_KERNEL_THREADS'];
    process.env['BLADE_KERNEL_THREADS'] = '7'; // a kernel switch: another code path
    try {
      expect(cache().key('reference-rollouts', inputs)).not.toBe(base);
    } finally {
      if (threads === undefined) delete process.env['BLADE_KERNEL_THREADS'];
      else process.env['BLADE_KERNEL_THREADS'] = threads;
    }
    expect(cache().key('reference-rollouts', inputs)).toBe(base);

    const config = { layers: 1, dModel: 8, heads: 2, ffnMultiplier: 2, context: 4, dropout: 0, initFromCatalog: false };
    const values = new Map<string, Float32Array>();
    const a = Transformer.create(config, 20, new Random(1));
    for (const [name, v] of await a.values()) values.set(name, v.slice());
    const first = values.values().next().value!;
    first[0] = Math.fround(first[0]! + 1e-6);
    const b = new Transformer(config, 20, values);
    const c = new Transformer(config, 20, await a.values());
    expect(await cache().modelDigest(b)).not.toBe(await cache().modelDigest(a));
    expect(await cache().modelDigest(c)).toBe(await cache().modelDigest(a));
  });

  it('changes the key when the code of a plugin loaded from disk changes (entry file or its package)', () => {
    const pkg = mkdtempSync(join(tmpdir(), 'plugin-pkg-'));
    mkdirSync(join(pkg, 'dist'));
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@acme/reward-x', type: 'module' }));
    const entry = join(pkg, 'dist', 'index.js');
    const helper = join(pkg, 'dist', 'score.js');
    writeFileSync(entry, 'export { default } from "./score.js";\n');
    writeFileSync(helper, 'export default 1;\n');
    const keyed = () => {
      const c = new ResultCache({ dir: join(dir, 'keys'), objective: { terms: ['ndcg@10'] }, pluginFiles: [entry] });
      c.setCode('tf', 'wasm');
      return c.key('reference-rollouts', inputs);
    };
    const first = keyed();
    expect(first).not.toBe(cache().key('reference-rollouts', inputs)); // the plugin's code is in the key
    expect(keyed()).toBe(first);
    writeFileSync(helper, 'export default 2;\n'); // a file the entry imports, in the package's dist/
    const second = keyed();
    expect(second).not.toBe(first);
    writeFileSync(entry, 'export { default } from "./score.js"; // edited\n');
    expect(keyed()).not.toBe(second);
  });

  it('stores every double and typed array exactly, and refuses an entry of another key', () => {
    const value = {
      x: -0,
      y: NaN,
      z: -Infinity,
      w: 0.1 + 0.2,
      a: Float64Array.of(1e-300, -0, NaN),
      b: [Int32Array.of(-7, 3)],
      c: Float32Array.of(0.1),
    };
    const back = decodeEntry('k', encodeEntry('k', value)) as typeof value;
    expect(Object.is(back.x, -0)).toBe(true);
    expect(back.y).toBeNaN();
    expect(back.z).toBe(-Infinity);
    expect(back.w).toBe(0.1 + 0.2);
    expect(back.a).toBeInstanceOf(Float64Array);
    expect(Buffer.from(back.a.buffer).equals(Buffer.from(value.a.buffer))).toBe(true);
    expect(back.b[0]).toEqual(Int32Array.of(-7, 3));
    expect(back.c).toEqual(Float32Array.of(0.1));
    expect(() => decodeEntry('other', encodeEntry('k', value))).toThrow(/another key/);
  });
});
