import type { ComposedObjective, Csr, ItemSide, ListBatch, SequenceExample } from '@bladerec/core';
import type { Random } from '@bladerec/data';
import { historiesOf } from '../evaluation/example-batches.js';
import { TransformerPolicy } from '../policy/transformer-policy.js';
import type { ContextOrder } from './context-order.js';
import { type RolloutRewards, scoreRollouts } from './rollout-rewards.js';

/** One step's groups of policy rollouts. */
export interface RolloutBatch {
  /** Context keys of the B groups in the batch. */
  readonly keys: Int32Array;
  readonly examples: readonly SequenceExample[];
  readonly contexts: Csr;
  /** The B·N rollouts, group by group; `rows[r]` = group of rollout r. */
  readonly lists: ListBatch;
  readonly rows: Int32Array;
  readonly logProb: Float64Array;
  readonly tokenLogProbs: Float32Array;
  readonly rewards: RolloutRewards;
  /** Per group of the batch: 1 when all its rewards tie. */
  readonly tied: Uint8Array;
  /** Every group drawn this step, in the batch or dropped by dynamic sampling (for the prior refresh). */
  readonly drawn: { readonly keys: Int32Array; readonly rewards: RolloutRewards };
  /** All-tied groups among the drawn ones. */
  readonly tiedDrawn: number;
  /** The context position after this step's draws. */
  readonly nextPosition: number;
}

interface Group {
  key: number;
  example: SequenceExample;
  lists: Int32Array;
  logProb: Float64Array;
  tokens: Float32Array;
  terms: Float64Array[];
  raw: Float64Array[];
  total: Float64Array;
  tied: boolean;
}

/**
 * Draws B contexts from `order` starting at `position`, samples N lists of K items per context from
 * the policy and scores them. With dynamic sampling (DAPO, Yu et al. 2025), groups whose rewards all
 * tie are replaced by groups of further contexts — drawn `B − (groups with signal)` at a time — until
 * B groups have signal or `maxDraws` extra groups were drawn; the batch is the first B groups with
 * signal, filled up with tied groups in draw order when fewer were found. Every drawn group counts.
 */
export async function drawRolloutBatch(args: {
  readonly policy: TransformerPolicy;
  readonly order: ContextOrder;
  readonly position: number;
  readonly examples: readonly SequenceExample[];
  readonly groups: number;
  readonly n: number;
  readonly k: number;
  readonly contextLength: number;
  readonly excludeHistory: boolean;
  readonly sampler: Random;
  readonly objective: ComposedObjective;
  readonly items: ItemSide;
  readonly dynamic: { readonly enabled: boolean; readonly maxDraws: number };
}): Promise<RolloutBatch> {
  const { policy, order, examples, groups: B, n: N, k: K } = args;
  let position = args.position;
  const drawn: Group[] = [];
  const draw = async (count: number) => {
    const keys = Array.from({ length: count }, () => order.at(position++));
    const part = keys.map((key) => examples[key]!);
    const sampled = await policy.sample(historiesOf(part, args.contextLength), {
      n: N,
      length: K,
      random: args.sampler,
      excludeHistory: args.excludeHistory,
    });
    const scored = scoreRollouts(
      args.objective,
      part,
      TransformerPolicy.repeatRows(count, N),
      sampled.lists,
      args.items,
    );
    keys.forEach((key, g) => {
      const total = scored.total.slice(g * N, (g + 1) * N);
      drawn.push({
        key,
        example: part[g]!,
        lists: sampled.lists.items.slice(g * N * K, (g + 1) * N * K),
        logProb: sampled.logProb.slice(g * N, (g + 1) * N),
        tokens: sampled.tokenLogProbs.slice(g * N * K, (g + 1) * N * K),
        terms: scored.terms.map((t) => t.slice(g * N, (g + 1) * N)),
        raw: scored.raw.map((t) => t.slice(g * N, (g + 1) * N)),
        total,
        tied: total.every((x) => x === total[0]),
      });
    });
  };
  await draw(B);
  if (args.dynamic.enabled) {
    let extra = 0;
    for (;;) {
      const missing = B - drawn.filter((g) => !g.tied).length;
      const count = Math.min(missing, args.dynamic.maxDraws - extra);
      if (count <= 0) break;
      await draw(count);
      extra += count;
    }
  }
  const chosen = [...drawn.filter((g) => !g.tied), ...drawn.filter((g) => g.tied)].slice(0, B);
  // keep draw order inside the batch
  chosen.sort((a, b) => drawn.indexOf(a) - drawn.indexOf(b));
  const batchExamples = chosen.map((g) => g.example);
  return {
    keys: Int32Array.from(chosen, (g) => g.key),
    examples: batchExamples,
    contexts: historiesOf(batchExamples, args.contextLength),
    lists: {
      size: B * N,
      width: K,
      items: concat(
        Int32Array,
        chosen.map((g) => g.lists),
      ),
    },
    rows: TransformerPolicy.repeatRows(B, N),
    logProb: concat(
      Float64Array,
      chosen.map((g) => g.logProb),
    ),
    tokenLogProbs: concat(
      Float32Array,
      chosen.map((g) => g.tokens),
    ),
    rewards: rewardsOf(chosen),
    tied: Uint8Array.from(chosen, (g) => (g.tied ? 1 : 0)),
    drawn: { keys: Int32Array.from(drawn, (g) => g.key), rewards: rewardsOf(drawn) },
    tiedDrawn: drawn.filter((g) => g.tied).length,
    nextPosition: position,
  };
}

function rewardsOf(groups: readonly Group[]): RolloutRewards {
  const T = groups[0]!.terms.length;
  return {
    terms: Array.from({ length: T }, (_, t) =>
      concat(
        Float64Array,
        groups.map((g) => g.terms[t]!),
      ),
    ),
    raw: Array.from({ length: T }, (_, t) =>
      concat(
        Float64Array,
        groups.map((g) => g.raw[t]!),
      ),
    ),
    total: concat(
      Float64Array,
      groups.map((g) => g.total),
    ),
  };
}

function concat<A extends Float64Array | Float32Array | Int32Array>(
  ctor: { new (n: number): A },
  parts: readonly A[],
): A {
  const out = new ctor(parts.reduce((s, p) => s + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    (out as Float64Array).set(p as unknown as Float64Array, offset);
    offset += p.length;
  }
  return out;
}
