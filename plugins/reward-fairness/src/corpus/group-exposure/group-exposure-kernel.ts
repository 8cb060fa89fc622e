import type { RewardInputs } from '@bladerec/core';
import { attributeCount } from '../../common/attribute.js';
import { corpusShares, ShareState } from '../share-gap-kernel.js';
import type { GroupExposureOptions } from './group-exposure-options.js';

/** The state of {@link groupExposureShares}: the share kernel's, with the reference it never reads. */
export function groupExposureState(options: Omit<GroupExposureOptions, 'group'>): ShareState {
  return new ShareState({
    k: options.k,
    attribute: options.attribute,
    weighting: options.weighting,
    reference: 'uniform',
  });
}

/**
 * Exp(g) of every attribute value g (see {@link groupExposureReference}) in one pass over the lists:
 * the `shown` shares of the corpus share kernel, the kernel `exposure-disparity` scores.
 * @returns `undefined` when the lists expose no attribute mass.
 */
export function groupExposureShares(inputs: RewardInputs, state: ShareState): Float64Array | undefined {
  return corpusShares(inputs, state)?.shown;
}

/**
 * The share of attribute value `group`: 0 when the lists expose no attribute mass.
 * @throws RangeError when `group` is not an attribute value of the item side.
 */
export function groupExposureValue(inputs: RewardInputs, options: GroupExposureOptions, state: ShareState): number {
  const count = attributeCount(inputs.items, options.attribute);
  if (options.group >= count) {
    throw new RangeError(
      `group-exposure: group ${options.group} is not one of the ${count} ${options.attribute} values (0 … ${count - 1})`,
    );
  }
  return groupExposureShares(inputs, state)?.[options.group] ?? 0;
}
