import { inject, injectable } from 'inversify';
import { BladeUserError } from '../errors/blade-error.js';
import type { CorpusMetric } from '../metrics/corpus-metric.js';
import { CorpusMetricRegistry } from '../metrics/corpus-metric-registry.js';
import type { ListReward } from '../rewards/list-reward.js';
import { editDistance } from '../rewards/definition-registry.js';
import { ListRewardRegistry } from '../rewards/list-reward-registry.js';
import { parseMetricName } from '../rewards/metric-name.js';
import { availableInputs, type RewardInput, type RewardInputs } from '../rewards/reward-inputs.js';
import { SharedPasses } from '../rewards/shared-passes.js';

/** A metric requested by name, resolved to a configured instance. */
export type ResolvedMetric =
  | { readonly name: string; readonly kind: 'list'; readonly metric: ListReward }
  | { readonly name: string; readonly kind: 'corpus'; readonly metric: CorpusMetric };

/** Means of per-list rewards and values of corpus metrics, keyed by the name as requested. */
export interface EvaluationResult {
  /** Number of lists (users) evaluated. */
  readonly users: number;
  readonly values: Readonly<Record<string, number>>;
  /** Per-list scores of the list rewards, for bootstrap intervals and per-user analysis. */
  readonly perList: Readonly<Record<string, Float64Array>>;
}

/** Human-readable names of inputs, for error messages. */
const INPUT_NAMES: Record<RewardInput, string> = {
  relevance: 'relevance judgments (truth "relevant")',
  history: 'user histories (truth "history")',
  categories: 'item categories (catalog "categories")',
  groups: 'item groups (catalog "group")',
  embeddings: 'item embeddings (catalog "embedding")',
  popularity: 'item popularity counts',
};

/**
 * Evaluates lists with any mix of list rewards (averaged over lists) and corpus metrics (computed
 * over all lists at once), resolving names through both registries.
 */
@injectable()
export class Evaluator {
  constructor(
    @inject(ListRewardRegistry) private readonly rewards: ListRewardRegistry,
    @inject(CorpusMetricRegistry) private readonly corpus: CorpusMetricRegistry,
  ) {}

  /**
   * Resolves names such as `ndcg@10` or `gini`. @throws BladeUserError for unknown names and for
   * names registered both as a list reward and as a corpus metric.
   */
  resolve(names: readonly string[], options: Readonly<Record<string, Record<string, unknown>>> = {}): ResolvedMetric[] {
    return names.map((name) => {
      const parsed = parseMetricName(name);
      const isReward = this.rewards.has(parsed.id);
      const isCorpus = this.corpus.has(parsed.id);
      if (isReward && isCorpus) {
        const a = this.rewards.get(parsed.id)!.meta.plugin;
        const b = this.corpus.get(parsed.id)!.meta.plugin;
        throw new BladeUserError(
          `metric '${name}' is ambiguous: a list reward from ${a} and a corpus metric from ${b}`,
        );
      }
      const site = { path: `metric '${name}' options` };
      if (isCorpus) return { name, kind: 'corpus', metric: this.corpus.create(parsed, options[name], site) };
      if (isReward) return { name, kind: 'list', metric: this.rewards.create(parsed, options[name], site) };
      const known = [...this.rewards.list(), ...this.corpus.list()].map((d) => d.meta.id).sort();
      const close = known.filter((id) => editDistance(id, parsed.id) <= 2);
      const hint = close.length > 0 ? `did you mean ${close.join(', ')}? ` : '';
      throw new BladeUserError(`unknown metric '${name}' (${hint}known: ${known.join(', ')}; load more with --plugin)`);
    });
  }

  /**
   * Scores `inputs` with every metric. @throws BladeUserError when a metric needs an input that
   * `inputs` lacks (e.g. categories when the catalog has none).
   */
  evaluate(inputs: RewardInputs, metrics: readonly (ResolvedMetric | string)[]): EvaluationResult {
    const resolved = metrics.map((m) => (typeof m === 'string' ? this.resolve([m])[0]! : m));
    const have = availableInputs(inputs);
    for (const { name, metric } of resolved) {
      const missing = metric.meta.requires.filter((r) => !have.has(r));
      if (missing.length > 0)
        throw new BladeUserError(
          `metric '${name}' needs ${missing.map((r) => INPUT_NAMES[r]).join(' and ')}, which the input does not provide`,
        );
    }
    const users = inputs.lists.size;
    const values: Record<string, number> = {};
    const perList: Record<string, Float64Array> = {};
    // one plan for the batch: intermediates several rewards need (the relevance hits …) are computed once
    const passes = new SharedPasses(inputs);
    try {
      for (const entry of resolved) {
        if (entry.kind === 'corpus') {
          values[entry.name] = users === 0 ? 0 : entry.metric.compute(inputs);
          continue;
        }
        const scores = entry.metric.score(inputs, new Float64Array(users), passes);
        let sum = 0;
        for (let b = 0; b < users; b++) sum += scores[b]!;
        values[entry.name] = users === 0 ? 0 : sum / users;
        perList[entry.name] = scores;
      }
    } finally {
      passes.release(); // the passes' buffers serve the next batch
    }
    return { users, values, perList };
  }

  /**
   * A corpus metric with a `group` option (e.g. `group-exposure@10` of the fairness plugin) once per
   * item group of `inputs`: group name (`items.groups.names`, else the index) → value, in group order.
   * `options` are the metric's other options. `undefined` when the item side has no groups or no
   * loaded plugin defines the metric (the caller reports nothing rather than failing).
   * @throws BladeUserError for a name that is not a metric name, and for invalid options.
   */
  evaluatePerGroup(
    inputs: RewardInputs,
    name: string,
    options: Readonly<Record<string, unknown>> = {},
  ): Record<string, number> | undefined {
    const groups = inputs.items.groups;
    const id = parseMetricName(name).id;
    if (!groups || !this.corpus.has(id) || this.rewards.has(id)) return undefined;
    const out: Record<string, number> = {};
    for (let g = 0; g < groups.count; g++) {
      const [metric] = this.resolve([name], { [name]: { ...options, group: g } });
      out[groups.names?.[g] ?? String(g)] = this.evaluate(inputs, [metric!]).values[name]!;
    }
    return out;
  }
}
