/** Internals of @bladerec/serve for tests and tools, outside semantic versioning. */
export * from './index.js';
export { applyOps, RecordingPriorStore } from './store/prior-backend.js';
export { CONTEXT_KEY_BITS } from './service/context-key.js';
export { noGrounding } from './grounding/title-grounder.js';
export { contextSchema, openRlhfBody, rewardsBody, rolloutSchema, targetsBody } from './server/request-schemas.js';
export { ServeCommand } from './commands/serve-command.js';
