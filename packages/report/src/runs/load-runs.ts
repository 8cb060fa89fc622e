import { relative } from 'node:path';
import type { RunEntry } from '../aggregate/run-entry.js';
import { findRunFolders } from './find-run-folders.js';
import { readRunFolder } from './read-run-folder.js';
import { runIdentity } from './run-identity.js';
import { runResult } from './run-result.js';

/** The runs read from some paths, and one line per folder or path that could not be read. */
export interface LoadedRuns {
  readonly entries: RunEntry[];
  readonly problems: string[];
}

/**
 * Finds and reads every run folder under `paths`. A folder that cannot be read becomes one problem
 * line; the others are read. `onFolder(done, total)` reports progress.
 */
export function loadRuns(
  paths: readonly string[],
  options: { klWindow?: number; onFolder?: (done: number, total: number) => void } = {},
): LoadedRuns {
  const entries: RunEntry[] = [];
  const problems: string[] = [];
  const roots = paths.map((p) => ({ path: p, found: findRunFolders([p]) }));
  const total = roots.reduce((a, r) => a + r.found.folders.length, 0);
  let done = 0;
  for (const { path, found } of roots) {
    problems.push(...found.problems);
    for (const dir of found.folders) {
      try {
        const folder = readRunFolder(dir);
        const id = runIdentity(folder, relative(path, dir));
        entries.push({ folder, id, result: runResult(folder, id, options) });
      } catch (error) {
        problems.push((error as Error).message.split('\n')[0]!);
      }
      options.onFolder?.(++done, total);
    }
  }
  return { entries, problems };
}
