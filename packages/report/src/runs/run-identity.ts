import { basename, sep } from 'node:path';
import type { RunFolder } from './run-folder.js';

/** Where a run belongs: the grouping keys of the report, read from its config, summary and path. */
export interface RunIdentity {
  /** `sft`, `align` (a `blade train <algorithm>` run), `bon` (Best-of-n at inference). */
  readonly kind: 'sft' | 'align' | 'bon';
  /**
   * The arm: the algorithm (`blade`, `vbon` …), `bon@<n>`, `sft`, or an ablation folder's name (`blade-prior-only`).
   */
  readonly arm: string;
  /** The algorithm as the run's summary and test scores name its policy (`blade` for every BLADE ablation). */
  readonly algorithm: string;
  /** The objective's name (`ndcg@10 + 0.1·ild@10`), when the run has one. */
  readonly objective: string | undefined;
  /**
   * The folder's path below the report root without the arm, `kl<coef>`, `seed<n>` and `sft`
   * segments: experiments/study.mjs's `<dataset>/<setting>`; empty for a folder given directly.
   */
  readonly setting: string;
  /** The KL coefficient `align.kl.coef`, when the config says. */
  readonly coef: number | string | undefined;
  readonly seed: number | undefined;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;

/** The objective's display name from its config (`{ terms: [...] }`), as the objective factory names it. */
export function objectiveName(config: unknown): string | undefined {
  const terms = obj(config)?.['terms'];
  if (!Array.isArray(terms)) return undefined;
  return terms
    .map((t) => {
      if (typeof t === 'string') return t;
      const term = obj(t) ?? {};
      const name = String(term['name'] ?? term['reward'] ?? '?');
      const weight = term['weight'];
      return typeof weight === 'number' && weight !== 1 ? `${weight}·${name}` : name;
    })
    .join(' + ');
}

/** The algorithm from `command.txt` (`… train <algorithm> …`). */
function commandAlgorithm(command: string | undefined): string | undefined {
  return command?.match(/\btrain\s+([a-z][\w-]*)/)?.[1];
}

/** The folder's last path segment that is not `seed<n>` or `kl<coef>` (the study's `<arm>/kl<coef>/seed<s>` layout). */
function pathAlgorithm(dir: string): string {
  const segments = dir.split(/[\\/]/).filter((s) => s !== '' && !/^seed\d+$/.test(s) && !/^kl[\d.e+-]+$/.test(s));
  return segments.at(-1) ?? basename(dir);
}

/**
 * The identity of one run. `relDir` is the folder's path below the path the report was given.
 * Sources, first found wins: `summary.json` (finished runs), the config, `command.txt`, the path
 * (`<arm>/kl<coef>/seed<s>`: the last other segment names the algorithm). A variant of an algorithm
 * in a folder named `<algorithm>-<variant>` (e.g. the study's `blade-prior-only`) is its own arm.
 */
export function runIdentity(run: RunFolder, relDir: string): RunIdentity {
  const summary = run.summary ?? {};
  const config = run.config ?? {};
  const align = obj(config['align']);
  const sft = obj(config['sft']);
  let algorithm =
    (summary['algorithm'] as string | undefined) ??
    (align?.['algorithm'] as string | undefined) ??
    commandAlgorithm(run.command);
  algorithm ??= sft && !align ? 'sft' : pathAlgorithm(run.dir);
  const kind = algorithm === 'sft' ? 'sft' : algorithm === 'bon' ? 'bon' : 'align';
  let arm = algorithm;
  // a folder named `<algorithm>-<variant>` (the study's ablations: blade-prior-only/kl0.01/seed1) is its own arm
  const named = pathAlgorithm(relDir === '' ? run.dir : relDir);
  if (kind === 'align' && named.startsWith(`${algorithm}-`)) arm = named;
  if (kind === 'bon') {
    const fromCommand = run.command?.match(/--n\s+(\d+)/)?.[1];
    const n = (summary['n'] as number | undefined) ?? Number(fromCommand ?? align?.['groupSize']);
    arm = `bon@${n}`;
  }
  const objective = (summary['objective'] as string | undefined) ?? objectiveName(config['objective']);
  const kl = obj(align?.['kl']);
  const coef = kind === 'align' ? (kl?.['coef'] as number | string | undefined) : undefined;
  const seedFromPath = relDir.match(/(?:^|[\\/])seed(\d+)(?:$|[\\/])/)?.[1];
  const configSeed = (kind === 'sft' ? sft?.['seed'] : align?.['seed']) as number | undefined;
  const seed = configSeed ?? (seedFromPath === undefined ? undefined : Number(seedFromPath));
  const drop = new Set([arm, algorithm, 'sft']);
  const setting = relDir
    .split(/[\\/]/)
    .filter((s) => s !== '' && !drop.has(s) && !/^seed\d+$/.test(s))
    .filter((s) => !/^kl[\d.e+-]+$/.test(s) && s !== `kl${String(coef)}`)
    .join(sep === '\\' ? '/' : sep);
  return { kind, arm, algorithm, objective, setting, coef, seed };
}
