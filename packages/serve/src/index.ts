/**
 * @bladerec/serve — bladerec's list-wise rewards and BLADE Best-of-N targets as an HTTP service
 * (`blade serve`) for the Python RL engines people already run (OpenRLHF, verl, TRL): the same
 * objective and estimator code as `blade eval` and the trainer, a prior store in memory (snapshotted)
 * or on Redis (shared by replicas), grounding of generated titles, and a standard-library Python
 * client (`python/bladerec_client.py`). docs/serving.md.
 *
 * @packageDocumentation
 */
export { ServeOptions } from './config/serve-options.js';
export { loadServeSetup, resolveServeSetup, type ServeSetup, type ServeSetupDeps } from './config/serve-setup.js';
export { normalizeTitle, type GroundingCounts, TitleGrounder } from './grounding/title-grounder.js';
export { parseGeneratedList } from './grounding/generated-list.js';
export {
  BladeService,
  type GroupRequest,
  type GroupTargets,
  type ListRequest,
  type ScoredLists,
  type TargetsResult,
} from './service/blade-service.js';
export { contextKey } from './service/context-key.js';
export { openService } from './service/open-service.js';
export { RequestError } from './service/request-error.js';
export { createServer, type ErrorBody } from './server/create-server.js';
export type { ContextInput, RolloutInput } from './server/request-schemas.js';
export { type PriorBackend, type PriorOp, type Transaction } from './store/prior-backend.js';
export { MemoryPriorBackend } from './store/memory-prior-backend.js';
export { RedisPriorBackend, type RedisPriorOptions } from './store/redis-prior-backend.js';
export { serveModule } from './serve-module.js';
