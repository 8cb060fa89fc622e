/**
 * Committed run records: the part of a finished study run that the report needs, small enough to
 * commit (experiments/study-results/<runsDir>/<run id>.json), so a study sized beyond one working
 * session progresses across sessions and machines while the bulky run folders (checkpoints,
 * models, metrics.jsonl) stay local and git-ignored.
 *
 * A record is keyed by the run's id and carries a hash of what defines the run — the CLI command and
 * the full config, with the data folder reduced to its name (absolute paths differ between clones).
 * A record whose hash differs from the planned run's (the recipe, the profile or an arm changed) is
 * stale: the harness reruns the run and replaces it. Pure: no file system access here.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';

/** Record format version (bump when the compact result's shape changes; 2: failure-mode diagnostics). */
export const RECORD_VERSION = 2;

/** Decimal places kept for per-user scores (4: far below the bootstrap's resolution). */
export const USER_DECIMALS = 4;

/**
 * The hash of what defines a run: its command and config, the data path reduced to its last folder name.
 * @param {{ command: string[], config: any }} run a planned run (plan.mjs)
 * @returns {string} 16 hex digits of SHA-256 over canonical JSON
 */
export function runHash(run) {
  const config = structuredClone(run.config);
  if (config.data && typeof config.data.path === 'string') config.data.path = basename(config.data.path);
  return createHash('sha256')
    .update(canonicalJson({ command: run.command, config }))
    .digest('hex')
    .slice(0, 16);
}

/** JSON with object keys sorted at every level, so the hash does not depend on key order. */
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

const round = (x, d) => (Number.isFinite(x) ? Number(x.toFixed(d)) : x);
/** Per-user arrays rounded, limited to `metrics`. */
function compactUsers(users, metrics) {
  if (!users) return users;
  const out = {};
  for (const m of metrics) if (Array.isArray(users[m])) out[m] = users[m].map((x) => round(x, USER_DECIMALS));
  return out;
}

/**
 * The record of one finished run: identity, hash and the compact result (report.mjs runResult with
 * per-user scores rounded to {@link USER_DECIMALS} places and kept only for `metrics`).
 * @param {any} run a planned run
 * @param {any} result runResult(study, run, files)
 * @param {string[]} metrics the metrics whose per-user scores are kept (the selection metric at least)
 */
export function makeRecord(run, result, metrics) {
  const { users, sftUsers, ...rest } = result;
  return {
    version: RECORD_VERSION,
    id: run.id,
    hash: runHash(run),
    phase: run.phase,
    command: run.command,
    result: { ...rest, users: compactUsers(users, metrics), sftUsers: compactUsers(sftUsers, metrics) },
  };
}

/**
 * Whether a record stands for the planned run: same format version, id and hash. A final run that is
 * also a sweep run (same folder) has one record whichever phase wrote it.
 * @returns {'current' | 'stale' | 'missing'}
 */
export function recordState(record, run) {
  if (record === undefined) return 'missing';
  if (record.version !== RECORD_VERSION || record.id !== run.id || record.hash !== runHash(run)) return 'stale';
  return 'current';
}
