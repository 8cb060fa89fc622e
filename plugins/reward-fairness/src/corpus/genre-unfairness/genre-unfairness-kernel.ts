import type { RewardInputs } from '@bladerec/core';
import { maxMinGap, meanAbsoluteGap } from '../../common/distribution-gaps.js';
import { corpusShares, ShareState } from '../share-gap-kernel.js';
import type { GenreUnfairnessOptions } from './genre-unfairness-options.js';

/** The share state MGU and DGU use: uniform slot weights, the pooled history as reference. */
export function genreUnfairnessState(options: GenreUnfairnessOptions): ShareState {
  const onlyUsersWithRelevant = options.recommended === 'users-with-relevant';
  return new ShareState({
    k: options.k,
    attribute: options.attribute,
    weighting: 'uniform',
    reference: 'history',
    onlyUsersWithRelevant,
  });
}

/** SPRec's MGU = (1/|G|) Σ_g |gp_g − gh_g|; 1 (the range maximum) when nothing recommended has the attribute. */
export function mguValue(inputs: RewardInputs, state: ShareState): number {
  const shares = corpusShares(inputs, state);
  return shares ? meanAbsoluteGap(shares.shown, shares.reference, shares.n) : 1;
}

/**
 * SPRec's DGU = max_g d_g − min_g d_g, d = gp − gh; 2 (the range maximum) when nothing recommended has the attribute.
 */
export function dguValue(inputs: RewardInputs, state: ShareState): number {
  const shares = corpusShares(inputs, state);
  return shares ? maxMinGap(shares.shown, shares.reference, shares.n) : 2;
}
