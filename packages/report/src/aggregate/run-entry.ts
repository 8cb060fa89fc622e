import type { RunFolder } from '../runs/run-folder.js';
import type { RunIdentity } from '../runs/run-identity.js';
import type { RunResult } from '../runs/run-result.js';

/** A read run with its identity and numbers. */
export interface RunEntry {
  readonly folder: RunFolder;
  readonly id: RunIdentity;
  readonly result: RunResult;
}
