import type { ComposedObjective, ItemSide, SequenceExample } from '@bladerec/core';
import { expectedMaxUnbiased } from '@bladerec/estimators/internal';
import type { TransformerPolicy } from '../policy/transformer-policy.js';
import { buildReferenceCache } from './reference-cache.js';

/**
 * The static Best-of-N ceiling on the evaluation contexts: `E[max of N reference rewards]` per context,
 * estimated without bias (order-statistic U-statistic, {@link expectedMaxUnbiased}) from a separate
 * sample of M ≥ N reference lists per context drawn once at the start of a run, and averaged.
 */
export interface CeilingReference {
  /** Mean over the evaluation contexts of the per-context ceiling. */
  readonly value: number;
  /** Reference lists per context. */
  readonly m: number;
}

/** What both halves of the ceiling need. */
interface CeilingInputs {
  readonly examples: readonly SequenceExample[];
  readonly k: number;
  readonly excludeHistory: boolean;
  readonly objective: ComposedObjective;
  readonly items: ItemSide;
  readonly seed: number;
}

/** Draws `m` reference lists per evaluation context and estimates the ceiling of Best-of-`n`. */
export async function buildCeilingReference(
  args: CeilingInputs & { readonly reference: TransformerPolicy; readonly m: number; readonly n: number },
): Promise<CeilingReference> {
  const cache = await buildReferenceCache({ ...args, policy: args.reference });
  let sum = 0;
  for (const totals of cache.totals) sum += expectedMaxUnbiased(totals, args.n);
  return { value: cache.totals.length === 0 ? 0 : sum / cache.totals.length, m: args.m };
}

/**
 * The policy's mean objective on the evaluation contexts (`samples` lists per context, seeded) over the
 * ceiling: > 1 means the policy's average list beats the static Best-of-N ceiling.
 */
export async function ceilingRatio(
  policy: TransformerPolicy,
  ceiling: CeilingReference,
  args: CeilingInputs & { readonly samples: number },
): Promise<number> {
  const cache = await buildReferenceCache({ ...args, policy, m: args.samples });
  let sum = 0;
  let count = 0;
  for (const totals of cache.totals) {
    for (const x of totals) sum += x;
    count += totals.length;
  }
  return ceiling.value === 0 || count === 0 ? 0 : sum / count / ceiling.value;
}
