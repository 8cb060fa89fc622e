import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isRunFolder } from './read-run-folder.js';

/** Run folders under the given paths, and the paths that hold none. */
export interface FoundRuns {
  readonly folders: string[];
  readonly problems: string[];
}

const SKIP = new Set(['node_modules', '.git']);

/**
 * Every run folder at or below each path (a path that is itself a run folder is taken, and so are
 * run folders below it: the demo keeps its runs side by side), in a stable sorted order. A path that
 * does not exist or holds no run is a problem line, not an error.
 */
export function findRunFolders(paths: readonly string[]): FoundRuns {
  const folders = new Set<string>();
  const problems: string[] = [];
  const walk = (dir: string): void => {
    if (isRunFolder(dir)) folders.add(dir);
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of entries) {
      if (SKIP.has(name)) continue;
      const child = join(dir, name);
      try {
        if (statSync(child).isDirectory()) walk(child);
      } catch {
        // a folder that vanished while walking (a run cleaning up) is simply not there
      }
    }
  };
  for (const path of paths) {
    if (!existsSync(path)) {
      problems.push(`${path}: no such file or folder`);
      continue;
    }
    const before = folders.size;
    walk(path);
    if (folders.size === before) problems.push(`${path}: no run folder (metrics.jsonl or summary.json) in it`);
  }
  return { folders: [...folders].sort(), problems };
}
