import type { RewardInputs } from '@bladerec/core';
import { maxMinGap, meanAbsoluteGap } from '../../common/distribution-gaps.js';
import { corpusShares, type ShareState } from '../share-gap-kernel.js';
import type { ExposureDisparityOptions } from './exposure-disparity-options.js';

/** The largest value of each reduction, given when the lists expose no attribute mass. */
export const DISPARITY_MAXIMUM = { 'mean-abs': 1, 'max-min': 2 } as const;

/** Group exposure disparity of a whole batch (see {@link exposureDisparityReference}). */
export function exposureDisparityValue(
  inputs: RewardInputs,
  options: ExposureDisparityOptions,
  state: ShareState,
): number {
  const shares = corpusShares(inputs, state);
  if (!shares) return DISPARITY_MAXIMUM[options.reduce];
  return options.reduce === 'mean-abs'
    ? meanAbsoluteGap(shares.shown, shares.reference, shares.n)
    : maxMinGap(shares.shown, shares.reference, shares.n);
}
