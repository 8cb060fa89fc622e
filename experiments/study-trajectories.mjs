#!/usr/bin/env node
/**
 * Prints, for every arm of one study setting, the failure-mode diagnostics over bins of training steps
 * (experiments/study/trajectories.mjs), over the seeds of the coefficient that ran on the most seeds (the
 * chosen one after the final phase).
 *
 *   node experiments/study-trajectories.mjs experiments/runs/study-lean/synthetic/ndcg-m32 [--bins 5]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { binnedMeans, renderTrajectory } from './study/trajectories.mjs';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--'));
const binsFlag = args.indexOf('--bins');
const bins = binsFlag >= 0 ? Number(args[binsFlag + 1]) : 5;
if (!dir || !existsSync(dir) || !Number.isInteger(bins) || bins < 1) {
  process.stderr.write('usage: node experiments/study-trajectories.mjs <setting folder> [--bins n]\n');
  process.exit(1);
}
const subdirs = (d) => readdirSync(d).filter((n) => !n.includes('.stale-') && statSync(join(d, n)).isDirectory());
const out = [`Diagnostics over training steps, ${dir} (mean over the bin's training steps and the seeds)`, ''];
for (const arm of subdirs(dir).sort()) {
  const coefs = subdirs(join(dir, arm)).filter((c) => /^kl/.test(c));
  if (coefs.length === 0) continue;
  const finished = (c) => subdirs(join(dir, arm, c)).filter((s) => existsSync(join(dir, arm, c, s, 'summary.json')));
  const chosen = coefs.sort((a, b) => finished(b).length - finished(a).length)[0];
  const seeds = finished(chosen).sort();
  const runs = seeds.map((s) =>
    readFileSync(join(dir, arm, chosen, s, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l)),
  );
  const config = JSON.parse(readFileSync(join(dir, arm, chosen, seeds[0], 'config.json'), 'utf8'));
  const rows = binnedMeans(runs, config.align.steps, bins);
  out.push(
    renderTrajectory(
      arm,
      chosen.slice(2),
      seeds.map((s) => s.replace('seed', '')),
      rows,
    ),
    '',
  );
}
process.stdout.write(out.join('\n'));
