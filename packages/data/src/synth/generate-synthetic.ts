import type { SequenceDataset, SequenceExample } from '@bladerec/core';
import { CatalogBuilder } from '../catalog/catalog-builder.js';
import { popularityGroups } from '../catalog/popularity-groups.js';
import { LoadReportBuilder } from '../dataset/load-report-builder.js';
import { mixSeeds } from '../random/hash.js';
import { Random } from '../random/mulberry32.js';
import { resolveSyntheticOptions, type SyntheticOptions } from './synthetic-options.js';
import { syntheticGenreName, syntheticTitle } from './synthetic-vocabulary.js';

/** `Catalog.embeddings.source` of synthetic catalogs: the items' latent factors. */
export const SYNTHETIC_EMBEDDING_SOURCE = 'synthetic-latent-factors';

/** Everything {@link generateSynthetic} makes: the data set plus the hidden model (for tests and docs). */
export interface SyntheticData {
  readonly dataset: SequenceDataset;
  readonly options: SyntheticOptions;
  /** Primary genre of each item. */
  readonly primaryGenre: Int32Array;
  /** Zipf weight of each item (unnormalised). */
  readonly zipfWeight: Float64Array;
  /** Successors of each item, `successors` per item, row-major. */
  readonly successors: Int32Array;
  /** Full sequence of each user (the splits are cut from these). */
  readonly sequences: readonly Int32Array[];
  /** Latent factor of each item (unit norm, `items × factors`, row-major; the catalog's embeddings in float64). */
  readonly factors: Float64Array;
  /** Genre centres (unit norm, `genres × factors`, row-major). */
  readonly centres: Float64Array;
  /** Each user's taste before the first item (unit norm, `users × factors`, row-major). */
  readonly initialTaste: Float64Array;
}

/**
 * The seeded synthetic data set of {@link generateSyntheticData} (the usual entry point).
 *
 * @example const dataset = generateSynthetic({ seed: 7, users: 500 });
 * @throws BladeUserError for invalid options.
 */
export function generateSynthetic(options: Readonly<Partial<SyntheticOptions>> = {}): SequenceDataset {
  return generateSyntheticData(options).dataset;
}

/**
 * Generates a seeded synthetic data set (the process is specified in `docs/synthetic-data.md`):
 * genre-clustered item factors, Zipf popularity, and users whose next item either follows the last
 * item's successor list (Markov part) or is drawn from a drifting taste vector. Splits are
 * leave-one-out per user; popularity counts the training parts; groups are equal-size popularity
 * groups; embeddings are the item factors. Items do not depend on the number of users.
 *
 * @throws BladeUserError for invalid options.
 */
export function generateSyntheticData(rawOptions: Readonly<Partial<SyntheticOptions>> = {}): SyntheticData {
  const o = resolveSyntheticOptions(rawOptions);
  const F = o.factors;
  const G = o.genres;
  const N = o.items;

  // 1. genre centres
  const rGenre = new Random(mixSeeds(o.seed, 1));
  const centres = new Float64Array(G * F);
  for (let g = 0; g < G; g++) {
    for (let d = 0; d < F; d++) centres[g * F + d] = rGenre.normal();
    normalize(centres, g * F, F);
  }

  // 2. items: genres, factors, titles
  const rItem = new Random(mixSeeds(o.seed, 2));
  const primary = new Int32Array(N);
  const secondary = new Int32Array(N).fill(-1);
  const factors = new Float64Array(N * F);
  const titles: string[] = [];
  for (let i = 0; i < N; i++) {
    const g = i % G;
    primary[i] = g;
    if (G > 1 && rItem.nextFloat() < 0.25) secondary[i] = (g + 1 + rItem.nextInt(G - 1)) % G;
    for (let d = 0; d < F; d++) {
      const s = secondary[i]! >= 0 ? 0.5 * centres[secondary[i]! * F + d]! : 0;
      factors[i * F + d] = centres[g * F + d]! + s + 0.5 * rItem.normal();
    }
    normalize(factors, i * F, F);
    titles.push(syntheticTitle(i, (n) => rItem.nextInt(n)));
  }

  // 3. Zipf popularity over a random order of the items
  const rank = new Random(mixSeeds(o.seed, 3)).shuffle(Array.from({ length: N }, (_, i) => i));
  const weight = new Float64Array(N);
  rank.forEach((item, r) => (weight[item] = 1 / Math.pow(r + 1, o.zipf)));
  const logWeight = weight.map((w) => Math.log(w));

  // 4. successors: drawn uniformly without replacement among the item's genre (else among all items)
  const rSucc = new Random(mixSeeds(o.seed, 4));
  const K = o.successors;
  const successors = new Int32Array(N * K);
  const byGenre: number[][] = Array.from({ length: G }, () => []);
  for (let i = 0; i < N; i++) byGenre[primary[i]!]!.push(i);
  for (let i = 0; i < N; i++) {
    let pool = byGenre[primary[i]!]!.filter((j) => j !== i);
    if (pool.length < K) pool = Array.from({ length: N }, (_, j) => j).filter((j) => j !== i);
    const w = pool.map(() => 1);
    for (let k = 0; k < K; k++) {
      const p = rSucc.pickWeighted(w);
      successors[i * K + k] = pool[p]!;
      w[p] = 0;
    }
  }
  const succWeight = Array.from({ length: K }, (_, k) => 1 / (k + 1));

  // 5. users
  const rUser = new Random(mixSeeds(o.seed, 5));
  const sequences: Int32Array[] = [];
  const taste = new Float64Array(F);
  const seen = new Uint8Array(N);
  const expScores = new Float64Array(N);
  const initialTaste = new Float64Array(o.users * F);
  for (let u = 0; u < o.users; u++) {
    const g = rUser.nextInt(G);
    for (let d = 0; d < F; d++) taste[d] = centres[g * F + d]! + 0.5 * rUser.normal();
    normalize(taste, 0, F);
    initialTaste.set(taste, u * F);
    const length = o.minHistory + rUser.nextInt(o.maxHistory - o.minHistory + 1) + 1;
    const seq = new Int32Array(length);
    for (let t = 0; t < length; t++) {
      let next = -1;
      if (t > 0 && rUser.nextFloat() < o.transition) {
        const candidate = successors[seq[t - 1]! * K + rUser.pickWeighted(succWeight)]!;
        if (!seen[candidate]) next = candidate;
      }
      if (next < 0) {
        let max = -Infinity;
        for (let j = 0; j < N; j++) {
          if (seen[j]) continue;
          let dot = 0;
          for (let d = 0; d < F; d++) dot += taste[d]! * factors[j * F + d]!;
          const s = o.affinity * dot + logWeight[j]!;
          expScores[j] = s;
          if (s > max) max = s;
        }
        let total = 0;
        for (let j = 0; j < N; j++) {
          expScores[j] = seen[j] ? 0 : Math.exp(expScores[j]! - max);
          total += expScores[j]!;
        }
        next = rUser.pickWeighted(expScores, total);
      }
      seq[t] = next;
      seen[next] = 1;
      for (let d = 0; d < F; d++) taste[d] = (1 - o.drift) * taste[d]! + o.drift * factors[next * F + d]!;
      normalize(taste, 0, F);
    }
    for (const j of seq) seen[j] = 0;
    sequences.push(seq);
  }

  // 6. leave-one-out splits, popularity from the training parts
  const userId = (u: number) => `u${String(u + 1).padStart(String(o.users).length, '0')}`;
  const train: SequenceExample[] = [];
  const valid: SequenceExample[] = [];
  const test: SequenceExample[] = [];
  const popularity = new Float64Array(N);
  sequences.forEach((s, u) => {
    const L = s.length;
    const user = userId(u);
    test.push({ user, history: s.slice(0, L - 1), targets: s.slice(L - 1) });
    valid.push({ user, history: s.slice(0, L - 2), targets: s.slice(L - 2, L - 1) });
    train.push({ user, history: s.slice(0, L - 3), targets: s.slice(L - 3, L - 2) });
    for (let t = 0; t < L - 2; t++) popularity[s[t]!]!++;
  });

  const builder = new CatalogBuilder({ categoryNames: Array.from({ length: G }, (_, g) => syntheticGenreName(g)) });
  const idWidth = String(N).length;
  for (let i = 0; i < N; i++) {
    const categories = [syntheticGenreName(primary[i]!)];
    if (secondary[i]! >= 0) categories.push(syntheticGenreName(secondary[i]!));
    builder.add({
      id: `i${String(i + 1).padStart(idWidth, '0')}`,
      title: titles[i],
      categories,
      popularity: popularity[i],
    });
  }
  const embeddings = Float32Array.from(factors);
  const catalog = builder
    .build()
    .withGroups(popularityGroups(popularity, o.groups))
    .withEmbeddings({ dim: F, data: embeddings, source: SYNTHETIC_EMBEDDING_SOURCE });
  const report = new LoadReportBuilder();
  report.note(
    `synthetic: seed ${o.seed}, ${N} items, ${o.users} users, ${G} genres, Zipf ${o.zipf}, transition ${o.transition}, drift ${o.drift}`,
  );
  const dataset: SequenceDataset = {
    name: `synthetic-seed${o.seed}`,
    format: 'synthetic',
    catalog,
    splits: { train, valid, test },
    report: report.build(),
  };
  return {
    dataset,
    options: o,
    primaryGenre: primary,
    zipfWeight: weight,
    successors,
    sequences,
    factors,
    centres,
    initialTaste,
  };
}

function normalize(v: Float64Array, offset: number, dim: number): void {
  let n = 0;
  for (let d = 0; d < dim; d++) n += v[offset + d]! * v[offset + d]!;
  const inv = n > 0 ? 1 / Math.sqrt(n) : 0;
  for (let d = 0; d < dim; d++) v[offset + d]! *= inv;
}
