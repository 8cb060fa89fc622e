import { resolve } from 'node:path';
import { BladeUserError, CliContribution, CliIo } from '@bladerec/core';
import type { Command } from 'commander';
import { inject, injectable } from '@bladerec/core/inversify';
import { writeReport } from '../write-report.js';
import { reportProgress } from './report-progress.js';

interface ReportFlags {
  out: string;
  metric?: string;
  baseline?: string;
  klWindow?: string;
  title?: string;
  json?: boolean;
}

/**
 * `blade report <run-folder>...`: reads run folders (one run, the demo's output, a whole experiment
 * tree) and writes a self-contained `report.html`, one SVG per chart and `report.json`.
 */
@injectable()
export class ReportCommand implements CliContribution {
  constructor(@inject(CliIo) private readonly io: CliIo) {}

  register(program: Command): void {
    program
      .command('report')
      .description('write report.html and SVG charts (curves, diagnostics, KL frontier, results) from run folders')
      .argument('<run-folder...>', 'run folders, or folders that contain run folders (searched recursively)')
      .option('--out <dir>', 'where to write report.html, the SVG files and report.json', 'report')
      .option('--metric <name>', 'metric of the frontier, validation and differences (default ndcg@10)')
      .option('--baseline <arm>', 'also compare every arm with this one, paired by seed (e.g. vbon)')
      .option('--kl-window <steps>', 'steps up to the kept step whose kl/reference is averaged (default 10)')
      .option('--title <text>', 'the page title')
      .option('--json', 'print what was written as JSON')
      .action((folders: string[], flags: ReportFlags) => this.run(folders, flags));
  }

  async run(folders: string[], flags: ReportFlags): Promise<void> {
    let klWindow: number | undefined;
    if (flags.klWindow !== undefined) {
      klWindow = Number(flags.klWindow);
      if (!Number.isInteger(klWindow) || klWindow < 1)
        throw new BladeUserError(`--kl-window: expected a positive integer, got ${JSON.stringify(flags.klWindow)}`);
    }
    const out = resolve(this.io.cwd, flags.out);
    const progress = this.io.interactive && !flags.json ? reportProgress() : undefined;
    let result;
    try {
      result = await writeReport({
        paths: folders.map((f) => resolve(this.io.cwd, f)),
        out,
        ...(flags.metric === undefined ? {} : { metric: flags.metric }),
        ...(flags.baseline === undefined ? {} : { baseline: flags.baseline }),
        ...(klWindow === undefined ? {} : { klWindow }),
        ...(flags.title === undefined ? {} : { title: flags.title }),
        ...(progress ? { onProgress: progress.update } : {}),
      });
    } finally {
      progress?.stop();
    }
    if (result.runs === 0) throw new BladeUserError(result.problems[0] ?? 'no run folder found');
    if (flags.json) {
      const { html, svgs, skipped, running, problems, runs } = result;
      this.io.out(
        JSON.stringify({
          report: { html, svgs, runs, groups: result.data.groups.length, skipped, running, problems },
        }) + '\n',
      );
      return;
    }
    for (const p of result.problems) this.io.err(`blade report: cannot read ${p}\n`);
    const running = result.running.length ? ` (${result.running.length} still running)` : '';
    this.io.out(
      `${result.runs} runs${running} in ${result.data.groups.length} groups; ${result.svgs.length} charts\n` +
        `report: ${result.html}\n`,
    );
  }
}
