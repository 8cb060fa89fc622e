import { Type } from '@bladerec/core';
import { IpoPairsConfig } from './ipo-pairs.js';
import { PolicyGradientConfig } from './policy-gradient.js';
import { SftBestConfig } from './sft-best.js';
import { WeightedNllConfig } from './weighted-nll.js';

/** One entry of `align.loss`, selected by `kind`. */
export const LossTermConfig = Type.Union([WeightedNllConfig, PolicyGradientConfig, SftBestConfig, IpoPairsConfig]);
export type LossTermConfig = WeightedNllConfig | PolicyGradientConfig | SftBestConfig | IpoPairsConfig;
