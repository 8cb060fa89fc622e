import type { JsonSchema } from './json-schema.js';
import type { ListReward, RewardProperty, UnknownItemPolicy } from './list-reward.js';
import type { RewardInput } from './reward-inputs.js';

/**
 * Metadata of anything a plugin contributes by id with validated options (rewards, corpus metrics,
 * prior stores, evidence and target estimators).
 */
export interface ComponentMeta {
  /** Registry id, unique across every loaded plugin: lower-case letters, digits and `-`. */
  readonly id: string;
  /** One-sentence description shown by `blade plugins list`. */
  readonly description: string;
  /** JSON Schema of the options object, with defaults (`default`) for every optional field. */
  readonly schema: JsonSchema;
  /**
   * The option set by the alias suffix `@N`: with `atParameter: 'k'`, `ndcg@10` means
   * `{ reward: 'ndcg', options: { k: 10 } }`.
   */
  readonly atParameter?: string;
  /** Formula in plain text or LaTeX, for docs and `plugins list --verbose`. */
  readonly formula?: string;
  /** Where the reward is documented. */
  readonly docsUrl?: string;
  /** Name of the plugin that contributed the definition; set by `definePlugin`. */
  readonly plugin?: string;
  /** Namespace of that plugin (for `namespace/id` references); set by `definePlugin`. */
  readonly namespace?: string;
}

/** Metadata shared by list rewards and corpus metrics. */
export interface DefinitionMeta extends ComponentMeta {
  /** Whether larger values are better. */
  readonly higherIsBetter: boolean;
}

/** Metadata of a list reward type. */
export interface ListRewardDefinitionMeta extends DefinitionMeta {
  /** Inputs the reward needs; may depend on options (e.g. ILD needs embeddings or categories). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a plugin's own options type must be assignable here
  readonly requires: readonly RewardInput[] | ((options: any) => readonly RewardInput[]);
  /** Declared properties, checked by the conformance kit. */
  readonly properties: readonly RewardProperty[];
  readonly unknownItems: UnknownItemPolicy;
}

/**
 * A reward type contributed by a plugin: metadata plus a factory that turns validated options
 * (defaults already applied) into a {@link ListReward}. Bind it to the {@link ListRewardDefinition}
 * symbol (multi-binding) in a `ContainerModule`, or list it in `definePlugin({ rewards })`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds definitions of any options type
export interface ListRewardDefinition<Options = any> {
  readonly meta: ListRewardDefinitionMeta;
  create(options: Options): ListReward;
}

/** Multi-binding service identifier for reward definitions. */
export const ListRewardDefinition = Symbol.for('bladerec.ListRewardDefinition');
