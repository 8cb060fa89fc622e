import {
  type AlignmentComponents,
  csrFromArrays,
  type EvidenceEstimator,
  type ItemSide,
  PAD_ITEM,
  type RewardInputs,
  type TargetEstimator,
  UNKNOWN_ITEM,
} from '@bladerec/core';
import { advantages, batchTargets, groupSoftmax, refreshPriors, seedPriors } from '@bladerec/estimators';
import type { ServeSetup } from '../config/serve-setup.js';
import { parseGeneratedList } from '../grounding/generated-list.js';
import { type GroundingCounts, noGrounding, TitleGrounder } from '../grounding/title-grounder.js';
import type { ContextInput, RolloutInput } from '../server/request-schemas.js';
import type { PriorBackend } from '../store/prior-backend.js';
import { contextKey } from './context-key.js';
import { RequestError } from './request-error.js';

/** One list to score: its context, the rollout, and where it is in the request (for errors). */
export interface ListRequest {
  readonly context: ContextInput;
  readonly rollout: RolloutInput;
  readonly field: string;
  readonly contextField: string;
}

/** Scores of a batch of lists. */
export interface ScoredLists {
  /** Raw score of each objective term per list (as `blade eval` reports it). */
  readonly raw: readonly Float64Array[];
  /** `T_t(raw)`: each term oriented and normalised as the objective does (what targets are built from). */
  readonly terms: readonly Float64Array[];
  /** The objective's value per list: `Σ_t w_t T_t(raw_t)`. */
  readonly total: Float64Array;
  readonly grounding: GroundingCounts;
  /** List items (ids given) that are not in the catalog: scored as unknown items (no gain, position kept). */
  readonly unknownItems: number;
}

/** A group of N rollouts of one context, for {@link BladeService.targets}. */
export interface GroupRequest {
  readonly context: ContextInput;
  readonly rollouts?: readonly RolloutInput[];
  readonly rewards?: readonly number[];
}

/** The targets of one group (arrays over its N rollouts). */
export interface GroupTargets {
  readonly context: string;
  /** The objective value of each rollout (given, or scored). */
  readonly rewards: number[];
  /** `R_i`: the target's reward (e.g. `E[log u_i]` for BLADE). */
  readonly targetReward: number[];
  /** `log w_i`: log importance weight of the Best-of-N target relative to the sampling policy. */
  readonly logWeight: number[];
  /** `q_i = w_i / Σ_j w_j`. */
  readonly weight: number[];
  /** The policy-gradient advantage (`serve.advantage`: RLOO or GRPO of log w or R). */
  readonly advantage: number[];
  /** `F̃(r_i)`: 1 means saturated (no better outcome expected). */
  readonly cdf: number[];
}

/** What {@link BladeService.targets} returns. */
export interface TargetsResult {
  readonly groups: GroupTargets[];
  /** Prior log version after this request's update (operation batches stored so far). */
  readonly priorVersion: number;
  readonly grounding: GroundingCounts;
  readonly unknownItems: number;
}

/**
 * The computations behind the HTTP endpoints, without HTTP: list rewards through the objective (the
 * trainer's `scoreRollouts`: `ComposedObjective.scoreTerms`, then `transform` per term) and group
 * targets through the estimators' `batchTargets` then `refreshPriors` (what the trainer runs in
 * every step), with the prior held by a {@link PriorBackend}.
 */
export class BladeService {
  private readonly evidence: EvidenceEstimator;
  private readonly target: TargetEstimator;
  private readonly grounder?: TitleGrounder;

  constructor(
    readonly setup: ServeSetup,
    components: AlignmentComponents,
    readonly backend: PriorBackend,
  ) {
    this.evidence = components.create('evidence', setup.components.evidence) as EvidenceEstimator;
    this.target = components.create('target', setup.components.target) as TargetEstimator;
    if (setup.catalog) this.grounder = new TitleGrounder(setup.catalog, setup.options.grounding.threshold);
  }

  /** Names of the objective's terms, in order. */
  get termNames(): string[] {
    return this.setup.objective.terms.map((t) => t.name);
  }

  /** Scores lists with the objective. @throws RequestError; MetricValueError when a reward plugin fails */
  score(lists: readonly ListRequest[]): ScoredLists {
    const { inputs, grounding, unknownItems } = this.inputs(lists);
    const { objective } = this.setup;
    const scored = objective.scoreTerms(inputs);
    const terms = scored.terms.map((values, t) => Float64Array.from(values, (x) => objective.transform(t, x)));
    return { raw: [...scored.terms], terms, total: scored.total, grounding, unknownItems };
  }

  /**
   * Targets of groups of N rollouts (one trainer step: every group's targets from the prior as it
   * was, then every group refreshes it). @throws RequestError
   */
  async targets(groups: readonly GroupRequest[]): Promise<TargetsResult> {
    const n = groupSize(groups[0]!);
    const ids = groups.map((g, i) => {
      const size = groupSize(g);
      if (g.rollouts && g.rewards) throw new RequestError(`groups[${i}]`, 'give rollouts or rewards, not both');
      if (!g.rollouts && !g.rewards) throw new RequestError(`groups[${i}]`, 'needs rollouts or rewards');
      if (size !== n)
        throw new RequestError(
          `groups[${i}]`,
          `has ${size} rollouts but groups[0] has ${n}: every group of a request has the same N`,
        );
      if (Boolean(g.rewards) !== Boolean(groups[0]!.rewards))
        throw new RequestError(`groups[${i}]`, 'give rewards in every group or in none');
      const id = g.context.id ?? g.context.user;
      if (id === undefined)
        throw new RequestError(`groups[${i}].context.id`, 'is required: the prior is kept per context (id, or user)');
      return id;
    });
    const keys = ids.map(contextKey);
    let termRewards: readonly Float64Array[];
    let total: Float64Array;
    let grounding = noGrounding();
    let unknownItems = 0;
    if (groups[0]!.rewards) {
      if (this.setup.mode === 'per-term')
        throw new RequestError(
          'groups[0].rewards',
          'the objective has several terms with per-term priors (align.terms): send rollouts',
        );
      total = Float64Array.from(groups.flatMap((g) => g.rewards!));
      termRewards = [total];
    } else {
      const lists = groups.flatMap((g, i) =>
        g.rollouts!.map((rollout, r) => ({
          context: g.context,
          rollout,
          field: `groups[${i}].rollouts[${r}]`,
          contextField: `groups[${i}].context`,
        })),
      );
      const scored = this.score(lists);
      ({ grounding, unknownItems, total } = scored);
      termRewards = scored.terms;
    }
    const { objective, mode, options } = this.setup;
    const termWeights = objective.terms.map((t) => t.weight);
    const { result, version } = await this.backend.transact((prior) => {
      const targets = batchTargets({
        n,
        contextKeys: keys,
        termRewards,
        termWeights,
        total,
        mode,
        components: { prior, evidence: this.evidence, target: this.target },
        bonN: n,
      });
      refreshPriors(prior, n, keys, termRewards, total, mode);
      return { result: targets, ops: [] };
    });
    const weight = groupSoftmax(result.logWeight, n);
    const advantage = advantages(
      options.advantage.reward === 'log-weight' ? result.logWeight : result.reward,
      n,
      options.advantage.kind,
    );
    const slice = (a: ArrayLike<number>, g: number) => Array.from({ length: n }, (_, i) => a[g * n + i]!);
    return {
      groups: ids.map((context, g) => ({
        context,
        rewards: slice(total, g),
        targetReward: slice(result.reward, g),
        logWeight: slice(result.logWeight, g),
        weight: slice(weight, g),
        advantage: slice(advantage, g),
        cdf: slice(result.cdf, g),
      })),
      priorVersion: version,
      grounding,
      unknownItems,
    };
  }

  /**
   * Seeds the prior of each context with reference-policy rollouts (their lists or rewards), as the
   * trainer seeds every context from its M cached reference rollouts (`seedPriors`): replaces what the
   * context held. @returns the prior version after the update. @throws RequestError
   */
  async seed(seeds: readonly GroupRequest[]): Promise<{ priorVersion: number }> {
    const rows = seeds.map((s, i) => {
      const id = s.context.id ?? s.context.user;
      if (id === undefined)
        throw new RequestError(`seeds[${i}].context.id`, 'is required: the prior is kept per context (id, or user)');
      if (Boolean(s.rollouts) === Boolean(s.rewards))
        throw new RequestError(`seeds[${i}]`, 'give rollouts or rewards (one of them)');
      if (s.rewards && this.setup.mode === 'per-term')
        throw new RequestError(
          `seeds[${i}].rewards`,
          'the objective has several terms with per-term priors (align.terms): send rollouts',
        );
      if (s.rewards)
        return { key: contextKey(id), terms: [Float64Array.from(s.rewards)], total: Float64Array.from(s.rewards) };
      const scored = this.score(
        s.rollouts!.map((rollout, r) => ({
          context: s.context,
          rollout,
          field: `seeds[${i}].rollouts[${r}]`,
          contextField: `seeds[${i}].context`,
        })),
      );
      return { key: contextKey(id), terms: scored.terms, total: scored.total };
    });
    const { version } = await this.backend.transact((prior) => {
      for (const row of rows) seedPriors(prior, row.key, row.terms, row.total, this.setup.mode);
      return { result: undefined, ops: [] };
    });
    return { priorVersion: version };
  }

  /** Builds reward inputs: items as catalog indices (or interned ids without a catalog), grounded text, contexts. */
  private inputs(lists: readonly ListRequest[]): {
    inputs: RewardInputs;
    grounding: GroundingCounts;
    unknownItems: number;
  } {
    const { catalog, options } = this.setup;
    const extra = new Map<string, number>();
    const indexOf = (id: string): number => {
      if (catalog) return catalog.indexOf(id);
      let i = extra.get(id);
      if (i === undefined) extra.set(id, (i = extra.size));
      return i;
    };
    const grounding = noGrounding();
    let unknownItems = 0;
    const rows = lists.map(({ rollout, field }) => {
      if ((rollout.items === undefined) === (rollout.text === undefined))
        throw new RequestError(field, 'needs exactly one of items, text');
      if (rollout.text !== undefined) {
        if (!this.grounder)
          throw new RequestError(`${field}.text`, 'grounding generated text needs item titles: set serve.catalog');
        const titles = parseGeneratedList(rollout.text);
        if (titles.length > options.limits.listLength)
          throw new RequestError(
            `${field}.text`,
            `has ${titles.length} titles, more than ${options.limits.listLength} (serve.limits.listLength)`,
          );
        return this.grounder.ground(titles, grounding).map((i) => (i < 0 ? UNKNOWN_ITEM : i));
      }
      return rollout.items!.map((id) => {
        const i = indexOf(id);
        if (i < 0) unknownItems++;
        return i < 0 ? UNKNOWN_ITEM : i;
      });
    });
    const relevant: number[][] = [];
    const grades: number[] = [];
    const history: number[][] = [];
    for (const { context, contextField } of lists) {
      const rel: number[] = [];
      const entries: [string, number][] = Array.isArray(context.relevant)
        ? context.relevant.map((id) => [id, 1])
        : Object.entries(context.relevant ?? {}).filter(([, grade]) => grade > 0);
      for (const [id, grade] of entries) {
        const i = indexOf(id);
        if (i < 0)
          throw new RequestError(`${contextField}.relevant`, `item ${JSON.stringify(id)} is not in the catalog`);
        rel.push(i);
        grades.push(grade);
      }
      relevant.push(rel);
      // history items outside the catalog are dropped, as `blade eval` and SPRec drop them
      history.push((context.history ?? []).map(indexOf).filter((i) => i >= 0));
    }
    const width = Math.max(1, ...rows.map((r) => r.length));
    const items = new Int32Array(rows.length * width).fill(PAD_ITEM);
    rows.forEach((row, b) => items.set(row, b * width));
    const side: ItemSide = catalog ? catalog.itemSide() : { numItems: extra.size };
    const inputs: RewardInputs = {
      lists: { size: rows.length, width, items },
      relevance: { ...csrFromArrays(relevant), grades: Float32Array.from(grades) },
      history: csrFromArrays(history),
      items: side,
    };
    return { inputs, grounding, unknownItems };
  }
}

function groupSize(group: GroupRequest): number {
  return group.rollouts?.length ?? group.rewards?.length ?? 0;
}
