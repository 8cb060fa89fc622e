import type { RunEntry } from './run-entry.js';

/** The seeds of one arm at one KL coefficient in one setting. */
export interface RunGroup {
  readonly setting: string;
  readonly arm: string;
  readonly kind: RunEntry['id']['kind'];
  readonly objective: string | undefined;
  readonly coef: number | string | undefined;
  /** The runs, sorted by seed (runs without a seed last, by folder). */
  readonly runs: readonly RunEntry[];
  /**
   * The label used in charts and tables: `<arm>` or `<arm> kl=<coef>`, prefixed by the setting when
   * there are several.
   */
  readonly label: string;
}

const ARM_ORDER = ['sft', 'bon', 'vbon', 'bond', 'jbond', 'bonbon', 'grpo', 'rloo', 'blade'];

function armRank(arm: string): number {
  const base = arm.replace(/@.*$/, '');
  const i = ARM_ORDER.indexOf(base);
  return i < 0 ? ARM_ORDER.length : i;
}

function coefKey(coef: number | string | undefined): number {
  return typeof coef === 'number' ? coef : coef === undefined ? -1 : Number.MAX_VALUE;
}

/**
 * Groups runs by setting, arm and KL coefficient (the seeds of a group are the repetitions).
 * Order: setting, then the arms in a fixed order (sft, Best-of-n, the baselines, BLADE, then
 * others alphabetically), then the coefficient ascending.
 */
export function groupRuns(entries: readonly RunEntry[]): RunGroup[] {
  const groups = new Map<string, RunEntry[]>();
  for (const e of entries) {
    const key = JSON.stringify([e.id.setting, e.id.arm, e.id.coef ?? null]);
    const list = groups.get(key) ?? [];
    list.push(e);
    groups.set(key, list);
  }
  const settings = new Set(entries.filter((e) => e.id.kind !== 'sft').map((e) => e.id.setting));
  const out: RunGroup[] = [];
  for (const runs of groups.values()) {
    const { setting, arm, coef, kind, objective } = runs[0]!.id;
    runs.sort((a, b) => (a.id.seed ?? Infinity) - (b.id.seed ?? Infinity) || a.folder.dir.localeCompare(b.folder.dir));
    const sameArm = entries.filter((e) => e.id.setting === setting && e.id.arm === arm);
    const coefs = new Set(sameArm.map((e) => String(e.id.coef)));
    let label = coefs.size > 1 || (coef !== undefined && kind === 'align') ? `${arm} kl=${String(coef)}` : arm;
    if (settings.size > 1 && setting !== '') label = `${setting} · ${label}`;
    out.push({ setting, arm, kind, objective, coef, runs, label });
  }
  return out.sort(
    (a, b) =>
      a.setting.localeCompare(b.setting) ||
      armRank(a.arm) - armRank(b.arm) ||
      a.arm.localeCompare(b.arm) ||
      coefKey(a.coef) - coefKey(b.coef),
  );
}
