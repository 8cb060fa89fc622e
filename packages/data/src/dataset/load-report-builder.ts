import type { LoadReport } from '@bladerec/core';
import type { LoadRule } from './load-rules.js';

/** Collects rule counts and notes during a load; see {@link LOAD_RULES}. */
export class LoadReportBuilder {
  private readonly counts = new Map<string, number>();
  private readonly notes: string[] = [];

  /** Counts `n` applications of `rule` (plugins may use their own rule names). */
  count(rule: LoadRule | (string & {}), n = 1): void {
    if (n === 0) return;
    this.counts.set(rule, (this.counts.get(rule) ?? 0) + n);
  }

  /** How often `rule` has fired so far. */
  get(rule: LoadRule | (string & {})): number {
    return this.counts.get(rule) ?? 0;
  }

  note(text: string): void {
    this.notes.push(text);
  }

  /** The report, rules in alphabetical order. */
  build(): LoadReport {
    const counts: Record<string, number> = {};
    for (const key of [...this.counts.keys()].sort()) counts[key] = this.counts.get(key)!;
    return { counts, notes: [...this.notes] };
  }
}
