import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The files of the shared real data sets that the real-data tests and benchmarks read. */
export const SHARED_DATA_FILES = [
  'goodreads/train.json',
  'goodreads/id2name.json',
  'goodreads/name2id.json',
  'goodreads/name2genre.json',
  'amazon-video-games/items.txt',
  'amazon-video-games/valid.csv',
  'amazon-video-games/test.csv',
  'amazon-video-games/train_transitions.jsonl',
  'amazon-video-games/popularity_groups.json',
  'amazon-video-games/title_interaction_counts.json',
  'movielens-10m-lists/train.jsonl',
  'movielens-10m-lists/valid.jsonl',
  'movielens-10m-lists/test.jsonl',
] as const;

/**
 * The shared real-data folder named by `BLADE_DATA_DIR`, or `undefined` when the variable is unset
 * (callers then skip with `describe.runIf(dir)`). When it is set, every `required` file must exist:
 * a missing one throws, so a misconfigured run fails loudly instead of silently skipping.
 */
export function sharedDataDir(
  required: readonly string[] = SHARED_DATA_FILES,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const dir = env['BLADE_DATA_DIR'];
  if (dir === undefined || dir === '') return undefined;
  const missing = required.filter((f) => !existsSync(join(dir, f)));
  if (missing.length > 0) {
    throw new Error(
      `BLADE_DATA_DIR=${dir} is set, but ${missing.length} required file(s) are missing: ${missing.join(', ')}`,
    );
  }
  return dir;
}
