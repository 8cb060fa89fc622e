import type { BladePlugin } from '@bladerec/core';
import { dataPlugin } from '@bladerec/data';
import estimators from '@bladerec/estimators';
import diversity from '@bladerec/reward-diversity';
import fairness from '@bladerec/reward-fairness';
import ndcg from '@bladerec/reward-ndcg';
import recall from '@bladerec/reward-recall';

/** Plugins the `blade` binary always loads: the four reward plugins, the alignment estimators and the data loaders. */
export const builtinPlugins: readonly BladePlugin[] = [ndcg, recall, fairness, diversity, estimators, dataPlugin];
