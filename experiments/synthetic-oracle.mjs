#!/usr/bin/env node
/**
 * Headroom on the synthetic set (issue 16): how far above the transition baseline can a recommender get?
 * The generator is known, so its own next-item distribution is the best possible scorer:
 *
 * - `oracle (taste known)`: the generator's distribution given the history and the user's hidden
 *   initial taste (no recommender that sees only histories can do better);
 * - `oracle (history only)`: the same with the initial taste replaced by its importance-sampling
 *   posterior given the history (--draws prior draws): the Bayes-optimal scorer from the history;
 *
 * next to popularity, transition (also with the history excluded, a diagnostic) and any trained models
 * (--model name=path/model.bct; SFT's and SASRec's model files), all through the trainer's
 * evaluateRecommender (greedy top-10, NDCG@10 / Recall@10 per user) on the validation and test
 * splits, with paired-bootstrap 95 % intervals of each − transition. `E[NDCG@10]` is the expectation
 * of NDCG@10 over the generator's own next item (the taste-known distribution), a noise-free score.
 * Trained models and the baselines see the last `context` items (as in `blade train sft`); the
 * oracles see the whole history.
 *
 * usage: node experiments/synthetic-oracle.mjs [--config experiments/configs/synthetic.yaml] [--draws 128]
 *          [--model name=path.bct]… [--out experiments/results/synthetic-oracle]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { createEvaluator } from '@bladerec/core';
import { generateSyntheticData, Random, SyntheticOracle } from '@bladerec/data/internal';
import ndcg from '@bladerec/reward-ndcg';
import recall from '@bladerec/reward-recall';
import {
  evaluateRecommender,
  loadModel,
  loadTrainingData,
  pairedBootstrap,
  PolicyRecommender,
  PopularityRecommender,
  selectBackend,
  TransformerPolicy,
  TransitionRecommender,
} from '@bladerec/trainer/internal';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
// unknown flags and missing values stop with node's own message
const { values: opts } = parseArgs({
  args,
  options: {
    config: { type: 'string' },
    draws: { type: 'string' },
    out: { type: 'string' },
    model: { type: 'string', multiple: true },
  },
});
const flag = (name, fallback) => opts[name] ?? fallback;
const configFile = resolve(root, flag('config', 'experiments/configs/synthetic.yaml'));
const draws = Number(flag('draws', '128'));
const out = resolve(root, flag('out', 'experiments/results/synthetic-oracle'));
const models = (opts.model ?? []).map((spec) => {
  const [name, path] = spec.split('=');
  return { name, path: resolve(root, path) };
});

const config = parse(readFileSync(configFile, 'utf8'));
const data = generateSyntheticData(config.data.options ?? {});
const { dataset, sftTrain } = await loadTrainingData(
  { alignHoldout: 0, holdoutSeed: 17, options: {}, ...config.data },
  { get: () => ({ takesPath: false }), load: async () => data.dataset },
  root,
);
const oracle = new SyntheticOracle(data);
const evaluator = createEvaluator({ plugins: [ndcg, recall] });
const numItems = dataset.catalog.size;
const context = config.model?.context ?? 12;
const key = (h) => Array.from(h).join(',');
const tastes = oracle.priorTastes(draws, new Random(2024));

/** Top-k items of a probability vector (ties: lower index). */
function topK(p, k) {
  return Int32Array.from([...p.keys()].sort((a, b) => p[b] - p[a] || a - b).slice(0, k));
}

/** A recommender from a per-row scorer of the full history. */
function fromScorer(name, score, stats) {
  return {
    name,
    async recommend(contexts, k) {
      const rows = contexts.offsets.length - 1;
      const items = new Int32Array(rows * k);
      for (let r = 0; r < rows; r++) {
        const h = contexts.values.subarray(contexts.offsets[r], contexts.offsets[r + 1]);
        items.set(topK(score(h, stats), k), r * k);
      }
      return { size: rows, width: k, items };
    },
  };
}

/** Wraps a recommender so that its lists are kept (for the expected NDCG). */
function capturing(rec) {
  const lists = [];
  return {
    name: rec.name,
    lists,
    async recommend(contexts, k, options) {
      const l = await rec.recommend(contexts, k, options);
      lists.push(l.items);
      return l;
    },
  };
}

await selectBackend('wasm');
const splits = { valid: dataset.splits.valid, test: dataset.splits.test };
const rows = [];
const report = { config: configFile.replace(root + '/', ''), draws, splits: {} };
for (const [split, examples] of Object.entries(splits)) {
  // the user of each history (the split's examples are the users in order)
  const userOf = new Map(examples.map((e, u) => [key(e.history), u]));
  if (userOf.size !== examples.length) throw new Error(`${split}: two users share a history`);
  const truth = examples.map((e, u) => oracle.distribution(e.history, oracle.userTaste(u)));
  const ess = [];
  const recs = [
    { rec: new TransitionRecommender(numItems, sftTrain), contextLength: context },
    { rec: new PopularityRecommender(numItems, sftTrain), contextLength: context },
    {
      rec: {
        name: 'transition, history excluded',
        recommend: (c, k) => new TransitionRecommender(numItems, sftTrain).recommend(c, k, { excludeHistory: true }),
      },
      contextLength: context,
    },
    {
      rec: fromScorer('oracle (history only)', (h) => {
        const post = oracle.posterior(h, tastes);
        ess.push(post.effectiveSampleSize);
        return post.probabilities;
      }),
    },
    { rec: fromScorer('oracle (taste known)', (h) => oracle.distribution(h, oracle.userTaste(userOf.get(key(h))))) },
  ];
  for (const m of models) {
    const { model } = loadModel(m.path);
    recs.push({
      rec: Object.assign(new PolicyRecommender(new TransformerPolicy(model)), { name: m.name }),
      contextLength: model.config.context,
    });
  }
  const results = [];
  for (const { rec, contextLength } of recs) {
    const t0 = Date.now();
    const cap = capturing(rec);
    const res = await evaluateRecommender(cap, examples, {
      evaluator,
      metrics: ['ndcg@10', 'recall@10'],
      k: 10,
      items: dataset.catalog.itemSide(),
      excludeHistory: false,
      contextLength,
    });
    const lists = new Int32Array(examples.length * 10);
    let at = 0;
    for (const l of cap.lists) {
      lists.set(l, at);
      at += l.length;
    }
    let expected = 0;
    examples.forEach((_, u) => {
      for (let r = 0; r < 10; r++) expected += truth[u][lists[u * 10 + r]] / Math.log2(r + 2);
    });
    results.push({
      name: rec.name,
      ndcg: res.values['ndcg@10'],
      recall: res.values['recall@10'],
      expected: expected / examples.length,
      perList: res.perList['ndcg@10'],
    });
    process.stderr.write(`${split} ${rec.name}: ndcg@10 ${res.values['ndcg@10'].toFixed(4)} (${Date.now() - t0} ms)\n`);
  }
  const base = results[0];
  report.splits[split] = { users: examples.length, meanEss: ess.reduce((a, b) => a + b, 0) / ess.length, results: {} };
  for (const r of results) {
    const d = r === base ? undefined : pairedBootstrap(r.perList, base.perList, { seed: 7 });
    report.splits[split].results[r.name] = {
      'ndcg@10': r.ndcg,
      'recall@10': r.recall,
      'E[ndcg@10]': r.expected,
      ...(d ? { 'ndcg@10 − transition': d } : {}),
    };
    rows.push({ split, ...r, d });
  }
}

const f4 = (x) => x.toFixed(4);
const fd = (d) =>
  d ? `${d.mean >= 0 ? '+' : ''}${f4(d.mean)} [${f4(d.lo)}, ${f4(d.hi)}]${d.significant ? ' *' : ''}` : '—';
const lines = [
  `Command: \`node experiments/synthetic-oracle.mjs ${args.join(' ')}\` (data and SFT training split of`,
  `\`${report.config}\`; history-only oracle: ${draws} prior draws of the initial taste, mean effective sample size`,
  `${f4(report.splits.valid.meanEss)} (valid) / ${f4(report.splits.test.meanEss)} (test)).`,
  '',
  '| split | recommender | NDCG@10 | Recall@10 | E[NDCG@10] | NDCG@10 − transition (95 % paired bootstrap) |',
  '|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.split} | ${r.name} | ${f4(r.ndcg)} | ${f4(r.recall)} | ${f4(r.expected)} | ${fd(r.d)} |`),
];
mkdirSync(dirname(out), { recursive: true });
writeFileSync(`${out}.md`, lines.join('\n') + '\n');
writeFileSync(`${out}.json`, JSON.stringify(report, null, 2) + '\n');
process.stdout.write(lines.join('\n') + '\n');
