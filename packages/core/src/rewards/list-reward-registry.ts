import { injectable, multiInject, optional } from 'inversify';
import { DefinitionRegistry } from './definition-registry.js';
import { guardReward } from './guarded-metrics.js';
import type { ListReward, ListRewardMeta } from './list-reward.js';
import { ListRewardDefinition } from './list-reward-definition.js';
import type { RewardInput } from './reward-inputs.js';

/**
 * Every reward type known to a container. Refuses duplicate ids; resolves `id@N` aliases; validates
 * options against each definition's schema.
 *
 * Default {@link ListRewardRegistry}: collects every bound {@link ListRewardDefinition}.
 */
@injectable()
export class ListRewardRegistry extends DefinitionRegistry<ListRewardDefinition, ListReward> {
  constructor(@multiInject(ListRewardDefinition) @optional() definitions: readonly ListRewardDefinition[] = []) {
    super('reward', definitions ?? []);
  }

  /** Every created reward is guarded: a throw, a non-finite or an out-of-range score names its plugin. */
  protected override wrap(definition: ListRewardDefinition, instance: ListReward): ListReward {
    return guardReward(instance, definition.meta.plugin);
  }
}

/** What a definition requires for the given (validated) options. */
export function requiredInputs(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any definition's requires, whatever its options type
  definition: { meta: { requires: readonly RewardInput[] | ((options: any) => readonly RewardInput[]) } },
  options: unknown,
): readonly RewardInput[] {
  const { requires } = definition.meta;
  return typeof requires === 'function' ? requires(options) : requires;
}

/**
 * Builds the metadata of a configured reward instance from its definition, so definitions only state
 * what depends on the options (range, cutoff). The instance name is `id@N` when the definition has
 * an `atParameter`, else `id`.
 */
export function rewardMeta(
  definition: ListRewardDefinition,
  options: Record<string, unknown>,
  specific: { range: readonly [number, number]; cutoff?: number; name?: string },
): ListRewardMeta {
  const { meta } = definition;
  const at = meta.atParameter ? options[meta.atParameter] : undefined;
  return {
    id: meta.id,
    name: specific.name ?? (at === undefined ? meta.id : `${meta.id}@${at}`),
    description: meta.description,
    higherIsBetter: meta.higherIsBetter,
    range: specific.range,
    requires: requiredInputs(definition, options),
    properties: meta.properties,
    unknownItems: meta.unknownItems,
    cutoff: specific.cutoff,
  };
}
