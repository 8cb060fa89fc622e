import { resolve } from 'node:path';
import { CliContribution, CliIo, formatTable } from '@bladerec/core';
import type { Command } from 'commander';
import { inject, injectable } from '@bladerec/core/inversify';
import { compareRuns, type RunComparison } from '../compare/compare-runs.js';
import { fixed, meanSd, pValue, signed } from '../html/format.js';

interface CompareFlags {
  metric?: string[];
  json?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The comparison as a text table. */
export function formatComparison(c: RunComparison): string {
  const rows: string[][] = [
    [
      'metric',
      `a: ${c.a.label}`,
      `b: ${c.b.label}`,
      'a − b',
      'seed t 95% CI',
      't p',
      'sign',
      'sign p',
      'user bootstrap 95%',
    ],
  ];
  for (const [m, r] of Object.entries(c.metrics)) {
    const d = r.difference;
    const b = d.bootstrap;
    rows.push([
      m,
      meanSd(r.a),
      meanSd(r.b),
      signed(d.mean),
      d.df >= 1 ? `[${fixed(d.lo)}, ${fixed(d.hi)}]` : '–',
      pValue(d.p),
      `${d.sign.positive}/${d.sign.n}`,
      pValue(d.sign.p),
      `${signed(b.mean)} [${fixed(b.lo)}, ${fixed(b.hi)}]${b.significant ? ' *' : ''}`,
    ]);
  }
  return (
    `a = ${c.a.path}\nb = ${c.b.path}\n${c.paired} paired seed(s), ${c.users} test users\n` +
    formatTable(rows) +
    '(seed-level paired t-test and exact sign test over seeds; ' +
    'paired bootstrap over users of seed-averaged scores, * = excludes 0)\n'
  );
}

/** `blade compare <run-a> <run-b>`: paired per-user and seed-level differences of two arms on the test users. */
@injectable()
export class CompareCommand implements CliContribution {
  constructor(@inject(CliIo) private readonly io: CliIo) {}

  register(program: Command): void {
    program
      .command('compare')
      .description('paired differences of two runs (or two folders of seeds): user bootstrap and seed-level tests')
      .argument('<run-a>', 'a run folder, or a folder of the seeds of one arm')
      .argument('<run-b>', 'the run (or seeds) to subtract')
      .option('--metric <name>', 'compare only this metric (repeatable; default every metric both have)', collect)
      .option('--json', 'print JSON')
      .action((a: string, b: string, flags: CompareFlags) => this.run(a, b, flags));
  }

  run(a: string, b: string, flags: CompareFlags): void {
    const comparison = compareRuns(
      resolve(this.io.cwd, a),
      resolve(this.io.cwd, b),
      flags.metric ? { metrics: flags.metric } : {},
    );
    if (flags.json) {
      this.io.out(
        JSON.stringify({ comparison }, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)) + '\n',
      );
      return;
    }
    this.io.out(formatComparison(comparison));
  }
}
