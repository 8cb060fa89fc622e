import type { SequenceExample } from '@bladerec/core';
import { type Comparison, exposureOf } from '../evaluation/comparison.js';
import { type BootstrapInterval, pairedBootstrap } from '../evaluation/paired-bootstrap.js';
import type { TransformerPolicy } from '../policy/transformer-policy.js';
import { evaluatePolicy, type PolicyEvaluation, type PolicyEvaluationOptions } from './evaluate-policy.js';

/** Several policies compared on sampled lists and on greedy lists. */
export interface PolicyComparison {
  readonly sampled: Comparison;
  readonly greedy: Comparison;
  /** Each policy's evaluation, with per-user scores. */
  readonly evaluations: Readonly<Record<string, PolicyEvaluation>>;
}

/**
 * Evaluates every policy with {@link evaluatePolicy} on the same examples (the same sampling seed
 * for each; a policy given with its `evaluation` — stored from an identical earlier call — is not
 * evaluated again) and computes paired bootstrap intervals of `first − each other`.
 */
export async function comparePolicies(
  policies: readonly { name: string; policy: TransformerPolicy; evaluation?: PolicyEvaluation }[],
  examples: readonly SequenceExample[],
  options: PolicyEvaluationOptions,
): Promise<PolicyComparison> {
  const results: { name: string; e: PolicyEvaluation }[] = [];
  for (const { name, policy, evaluation } of policies)
    results.push({ name, e: evaluation ?? (await evaluatePolicy(policy, examples, options)) });
  const build = (which: 'sampled' | 'greedy'): Comparison => {
    const means: Record<string, Record<string, number>> = {};
    for (const { name, e } of results) means[name] = { ...e[which].values };
    const differences: Record<string, Record<string, BootstrapInterval>> = {};
    const [first, ...rest] = results;
    for (const other of rest) {
      const key = `${first!.name} − ${other.name}`;
      differences[key] = {};
      for (const m of options.metrics) {
        const a = first!.e[which].perList[m];
        const b = other.e[which].perList[m];
        if (a && b) differences[key]![m] = pairedBootstrap(a, b, { seed: options.seed + 7 });
      }
    }
    return {
      users: examples.length,
      means,
      differences,
      ...exposureOf(results.map(({ name, e }) => ({ name, exposure: e[which].exposure }))),
    };
  };
  return {
    sampled: build('sampled'),
    greedy: build('greedy'),
    evaluations: Object.fromEntries(results.map(({ name, e }) => [name, e])),
  };
}
