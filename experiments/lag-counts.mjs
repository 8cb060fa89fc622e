#!/usr/bin/env node
/**
 * Count features beyond the last item, without training (issue 16): does the item ℓ steps back carry
 * ranking information the first-order Markov chain misses? Scores every item by the lag priors of
 * `model.countPrior.lags` with the transformer's output at 0 — exactly what a policy with
 * `countPrior: { smoothing: λ, lags: L }` computes at γ:
 *
 *   score_i = Σ_{ℓ=1..L} γ_ℓ · log p̂_ℓ(i | item ℓ back),   γ_1 = 1,
 *
 * with the counts of the SFT training examples (the ones the transition baseline counts). The γ_ℓ>1
 * are chosen on the validation split only (coordinate search over a grid, two passes, on the first
 * --valid examples); then, as further count/catalog features a policy could learn, whether to exclude
 * history items and a similarity term α·e_i·m (m: the ρ-discounted, unit-norm sum of the history's
 * catalog embeddings) are chosen the same way (each kept only when it improves validation). Each stage
 * is evaluated once on test with paired-bootstrap 95 % intervals against transition. Greedy top-10, history of
 * the last `model.context` items, as `blade train sft` evaluates.
 *
 * usage: node experiments/lag-counts.mjs <config.yaml> [--lags 4] [--smoothing λ] [--valid 1500]
 *          [--out experiments/results/lag-counts-<name>]
 * λ defaults to the config's `model.countPrior.smoothing` (else 1). Reads BLADE_DATA_DIR for real data.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { createBladeContainer, createEvaluator } from '@bladerec/core';
import { dataModule, DatasetLoaderRegistry } from '@bladerec/data';
import ndcg from '@bladerec/reward-ndcg';
import recall from '@bladerec/reward-recall';
import {
  CountPrior,
  evaluateRecommender,
  loadTrainingData,
  pairedBootstrap,
  TransitionRecommender,
} from '@bladerec/trainer/internal';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
// unknown flags and missing values stop with node's own message
const { values: opts, positionals } = parseArgs({
  args,
  allowPositionals: true,
  options: {
    lags: { type: 'string' },
    smoothing: { type: 'string' },
    valid: { type: 'string' },
    out: { type: 'string' },
  },
});
const flag = (name, fallback) => opts[name] ?? fallback;
const configFile = resolve(root, positionals[0] ?? 'experiments/configs/synthetic.yaml');
const name = basename(configFile).replace(/\.ya?ml$/, '');
const config = parse(readFileSync(configFile, 'utf8'));
const L = Number(flag('lags', '4'));
const smoothing = Number(flag('smoothing', String(config.model?.countPrior?.smoothing ?? 1)));
const validCount = Number(flag('valid', '1500'));
const out = resolve(root, flag('out', `experiments/results/lag-counts-${name}`));
const dataConfig = { alignHoldout: 0, holdoutSeed: 17, options: {}, ...config.data };
// the configs name ../../../shared/data/<folder>; BLADE_DATA_DIR moves the data folder
if (dataConfig.path !== undefined && process.env.BLADE_DATA_DIR) {
  dataConfig.path = join(resolve(process.env.BLADE_DATA_DIR), basename(dataConfig.path));
}

const loaders = createBladeContainer({ modules: [dataModule] }).get(DatasetLoaderRegistry);
const { dataset, sftTrain } = await loadTrainingData(dataConfig, loaders, dirname(configFile));
const V = dataset.catalog.size;
const context = config.model?.context ?? 12;
const evaluator = createEvaluator({ plugins: [ndcg, recall] });
const priors = Array.from({ length: L }, (_, l) => CountPrior.fromExamples(V, sftTrain, smoothing, l + 1));

const emb = dataset.catalog.embeddings;

/**
 * Lag-prior scores of every row → top-k (ties: lower index). `exclude`: history items are never
 * recommended; `similarity` {α, ρ}: + α·e_i·m with m the unit-norm ρ-discounted sum of the catalog
 * embeddings of the history (most recent first), a taste feature.
 */
function lagRecommender(gammas, { exclude = false, similarity } = {}) {
  return {
    name: `lag counts γ = [${gammas.join(', ')}]`,
    async recommend(contexts, k) {
      const rows = contexts.offsets.length - 1;
      const items = new Int32Array(rows * k);
      const total = gammas.reduce((a, b) => a + b, 0);
      const score = new Float64Array(V);
      const order = Int32Array.from({ length: V }, (_, i) => i);
      for (let r = 0; r < rows; r++) {
        const start = contexts.offsets[r];
        const end = contexts.offsets[r + 1];
        for (let i = 0; i < V; i++) score[i] = total * priors[0].base[i];
        gammas.forEach((g, l) => {
          if (g === 0 || end - l - 1 < start) return;
          const c = priors[l].corrections({ last: Int32Array.of(contexts.values[end - l - 1]) });
          for (let j = 0; j < c.items.length; j++) score[c.items[j]] += g * c.values[j];
        });
        if (similarity && similarity.alpha !== 0 && end > start) {
          const m = new Float64Array(emb.dim);
          for (let t = end - 1, w = 1; t >= start; t--, w *= similarity.rho) {
            for (let d = 0; d < emb.dim; d++) m[d] += w * emb.data[contexts.values[t] * emb.dim + d];
          }
          const norm = Math.hypot(...m) || 1;
          for (let i = 0; i < V; i++) {
            let dot = 0;
            for (let d = 0; d < emb.dim; d++) dot += emb.data[i * emb.dim + d] * m[d];
            score[i] += (similarity.alpha * dot) / norm;
          }
        }
        if (exclude) for (let t = start; t < end; t++) score[contexts.values[t]] = -Infinity;
        order.sort((a, b) => score[b] - score[a] || a - b);
        items.set(order.subarray(0, k), r * k);
      }
      return { size: rows, width: k, items };
    },
  };
}

const options = {
  evaluator,
  metrics: ['ndcg@10', 'recall@10'],
  k: 10,
  items: dataset.catalog.itemSide(),
  excludeHistory: false,
  contextLength: context,
};
const valid = dataset.splits.valid.slice(0, validCount);
const evaluate = (rec, examples) => evaluateRecommender(rec, examples, options);

// ---- selection on validation: coordinate search over γ_2 … γ_L
const GRID = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1];
const trace = [];
const score = async (gammas, extra = {}) => {
  const v = (await evaluate(lagRecommender(gammas, extra), valid)).values['ndcg@10'];
  trace.push({ gammas: [...gammas], ...extra, 'valid ndcg@10': v });
  return v;
};
const gammas = [1, ...new Array(L - 1).fill(0)];
let best = await score(gammas);
const firstOrder = best;
for (let pass = 0; pass < 2; pass++) {
  for (let l = 1; l < L; l++) {
    for (const g of GRID) {
      if (g === gammas[l]) continue;
      const trial = [...gammas];
      trial[l] = g;
      const v = await score(trial);
      if (v > best + 1e-12) {
        best = v;
        gammas[l] = g;
      }
    }
  }
  process.stderr.write(`pass ${pass + 1}: γ = [${gammas.join(', ')}], valid ndcg@10 ${best.toFixed(4)}\n`);
}
const lagBest = best;
// history exclusion (kept when it helps on validation)
const excludedValid = await score(gammas, { exclude: true });
const exclude = excludedValid > best + 1e-12;
if (exclude) best = excludedValid;
const excludeBest = best;
// similarity to the recent items' catalog embeddings (when the catalog has embeddings)
let similarity;
if (emb) {
  // a smaller grid for large catalogs (each point scores every item against the history)
  const small = V * emb.dim > 100_000;
  for (const rho of small ? [0.8] : [0.5, 0.8]) {
    for (const alpha of small ? [1, 4] : [0.5, 1, 2, 4, 8]) {
      const v = await score(gammas, { exclude, similarity: { alpha, rho } });
      if (v > best + 1e-12) {
        best = v;
        similarity = { alpha, rho };
      }
    }
  }
}
process.stderr.write(
  `exclude ${exclude}, similarity ${JSON.stringify(similarity)}: valid ndcg@10 ${best.toFixed(4)}\n`,
);
const transition = new TransitionRecommender(V, sftTrain);
const transValid = (await evaluate(transition, valid)).values['ndcg@10'];

// ---- test, once, for the chosen γ and the first-order prior
const test = dataset.splits.test;
const tTrans = await evaluate(transition, test);
const tFirst = await evaluate(lagRecommender([1, ...new Array(L - 1).fill(0)]), test);
const tLags = await evaluate(lagRecommender(gammas), test);
const tExcl = await evaluate(lagRecommender(gammas, { exclude }), test);
const tChosen = await evaluate(lagRecommender(gammas, { exclude, similarity }), test);
const diff = (a) => pairedBootstrap(a.perList['ndcg@10'], tTrans.perList['ndcg@10'], { seed: 7 });
const f4 = (x) => x.toFixed(4);
const fd = (d) => `${d.mean >= 0 ? '+' : ''}${f4(d.mean)} [${f4(d.lo)}, ${f4(d.hi)}]${d.significant ? ' *' : ''}`;
const report = {
  config: configFile.replace(root + '/', ''),
  lags: L,
  smoothing,
  validExamples: valid.length,
  grid: GRID,
  chosen: gammas,
  exclude,
  similarity: similarity ?? null,
  valid: { transition: transValid, firstOrder, lags: lagBest, excluded: excludeBest, chosen: best },
  trace,
  test: {
    transition: tTrans.values,
    firstOrder: tFirst.values,
    lags: tLags.values,
    excluded: tExcl.values,
    chosen: tChosen.values,
    'first order − transition': diff(tFirst),
    'lags − transition': diff(tLags),
    'excluded − transition': diff(tExcl),
    'chosen − transition': diff(tChosen),
  },
};
const lines = [
  `Command: \`node experiments/lag-counts.mjs ${args.join(' ')}\` (λ = ${smoothing}, L = ${L}, ${valid.length} validation examples; ` +
    `${trace.length} γ points tried).`,
  '',
  '| | γ | valid NDCG@10 | test NDCG@10 | test NDCG@10 − transition (95 % paired bootstrap) |',
  '|---|---|---|---|---|',
  `| transition | — | ${f4(transValid)} | ${f4(tTrans.values['ndcg@10'])} | — |`,
  `| first-order prior (L = 1) | [1] | ${f4(firstOrder)} | ${f4(tFirst.values['ndcg@10'])} | ${fd(diff(tFirst))} |`,
  `| + lag priors, γ chosen on valid | [${gammas.join(', ')}] | ${f4(lagBest)} | ${f4(tLags.values['ndcg@10'])} | ${fd(diff(tLags))} |`,
  `| + history excluded${exclude ? '' : ' (not kept: no gain on valid)'} | | ${f4(excludedValid)} | ${f4(tExcl.values['ndcg@10'])} | ${fd(diff(tExcl))} |`,
  `| + similarity to the recent items' catalog embeddings ${similarity ? `(α = ${similarity.alpha}, ρ = ${similarity.rho})` : '(not kept)'} | | ${f4(best)} | ${f4(tChosen.values['ndcg@10'])} | ${fd(diff(tChosen))} |`,
];
mkdirSync(dirname(out), { recursive: true });
writeFileSync(`${out}.md`, lines.join('\n') + '\n');
writeFileSync(`${out}.json`, JSON.stringify(report, null, 2) + '\n');
process.stdout.write(lines.join('\n') + '\n');
