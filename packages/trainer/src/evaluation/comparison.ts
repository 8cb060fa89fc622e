import type { SequenceExample } from '@bladerec/core';
import { evaluateRecommender, type RecommenderEvaluationOptions } from './evaluate-recommender.js';
import { type BootstrapInterval, pairedBootstrap } from './paired-bootstrap.js';
import type { TopKRecommender } from './top-k-recommender.js';
import type { GroupExposure } from './group-exposure.js';

/** Scores of several recommenders on one split, and bootstrap intervals of their differences. */
export interface Comparison {
  readonly users: number;
  /** recommender name → metric → mean. */
  readonly means: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** `"<a> − <b>"` → metric → paired-bootstrap interval of the mean difference over users. */
  readonly differences: Readonly<Record<string, Readonly<Record<string, BootstrapInterval>>>>;
  /** recommender name → each item group's share of its lists' exposure (data sets with item groups). */
  readonly exposure?: Readonly<Record<string, GroupExposure>>;
}

/** `{ exposure }` of the evaluations that have one (nothing when none has). */
export function exposureOf(results: readonly { name: string; exposure?: GroupExposure | undefined }[]): {
  exposure?: Record<string, GroupExposure>;
} {
  const exposure: Record<string, GroupExposure> = {};
  for (const { name, exposure: e } of results) if (e) exposure[name] = e;
  return Object.keys(exposure).length > 0 ? { exposure } : {};
}

/**
 * Evaluates every recommender on the same examples with the same metric code, then computes paired
 * bootstrap intervals (95 %, 2,000 resamples, seeded) of `first − each other` per metric.
 */
export async function compareRecommenders(
  recommenders: readonly TopKRecommender[],
  examples: readonly SequenceExample[],
  options: RecommenderEvaluationOptions & {
    /** Seed of the bootstrap resampling. */
    readonly seed?: number;
  },
): Promise<Comparison> {
  const results = [];
  for (const r of recommenders) results.push({ name: r.name, result: await evaluateRecommender(r, examples, options) });
  const means: Record<string, Record<string, number>> = {};
  for (const { name, result } of results) means[name] = { ...result.values };
  const differences: Record<string, Record<string, BootstrapInterval>> = {};
  const [first, ...rest] = results;
  for (const other of rest) {
    const key = `${first!.name} − ${other.name}`;
    differences[key] = {};
    for (const metric of options.metrics) {
      // corpus metrics (one value per corpus) have no per-list scores to resample
      const a = first!.result.perList[metric];
      const b = other.result.perList[metric];
      if (a && b) differences[key]![metric] = pairedBootstrap(a, b, { seed: options.seed ?? 7 });
    }
  }
  return {
    users: examples.length,
    means,
    differences,
    ...exposureOf(results.map((r) => ({ name: r.name, exposure: r.result.exposure }))),
  };
}
