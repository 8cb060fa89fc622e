import {
  type BladePlugin,
  CliContribution,
  CliIo,
  createBladeContainer,
  isUserError,
  type LoadedPlugin,
  loadPlugin,
  processIo,
} from '@bladerec/core';
import { Command, CommanderError } from 'commander';
import { ContainerModule } from '@bladerec/core/inversify';
import { cliModule } from '../cli-module.js';
import { ReportMissingCommand } from '../commands/report-missing-command.js';
import { TrainMissingCommand } from '../commands/train-missing-command.js';
import { builtinPlugins } from './builtin-plugins.js';
import { loadReportModule, needsReportModule } from './optional-report.js';
import { loadServeModule, needsServeModule } from './optional-serve.js';
import { loadTrainerModule, needsTrainerModule } from './optional-trainer.js';
import { configPlugins } from './config-plugins.js';
import { pluginFlags } from './plugin-flags.js';
import { VERSION } from './version.js';

/** Options for {@link runBlade}, mostly for tests and embedding. */
export interface RunBladeOptions {
  readonly io?: CliIo;
  /** Plugins loaded in addition to the built-ins and the `--plugin` flags. */
  readonly plugins?: readonly BladePlugin[];
  /** Extra container modules, loaded after the plugins and the trainer's and report's modules (when installed). */
  readonly modules?: readonly ContainerModule[];
}

/** Exit code of an internal error (a bug): anything that is neither a user nor a usage error. */
export const EXIT_INTERNAL_ERROR = 3;

/**
 * Runs the `blade` program on `argv` (without the node and script entries) and returns the exit code:
 * 0 on success, 1 for user errors (one line on stderr, no stack trace), 2 for usage errors, 3 for
 * anything else (a bug: `blade: internal error` and the stack trace). It never throws, so that no
 * error reaches a process-wide handler (TensorFlow.js's wasm backend installs one that exits with 7).
 *
 * @example
 * ```ts
 * import { runBlade } from '@bladerec/cli';
 *
 * const argv = ['eval', '--lists', 'lists.jsonl', '--truth', 'truth.jsonl', '--metric', 'ndcg@10', '--json'];
 * const code = await runBlade(argv);
 * process.exitCode = code;
 * ```
 */
export async function runBlade(argv: readonly string[], options: RunBladeOptions = {}): Promise<number> {
  const io = options.io ?? processIo();
  try {
    const loaded: LoadedPlugin[] = builtinPlugins.map((plugin) => ({ plugin, request: '(built-in)' }));
    for (const plugin of options.plugins ?? []) loaded.push({ plugin, request: '(given)' });
    for (const request of pluginFlags(argv)) loaded.push(await loadPlugin(request, io.cwd));
    const fromConfig = await configPlugins(argv, io.cwd);
    for (const request of fromConfig.requests) {
      const plugin = await loadPlugin(request, fromConfig.base);
      // also given as --plugin
      if (!loaded.some((p) => p.plugin.meta.name === plugin.plugin.meta.name)) loaded.push(plugin);
    }
    const trainer = needsTrainerModule(argv) ? [(await loadTrainerModule()) ?? trainerMissingModule] : [];
    const report = needsReportModule(argv) ? [(await loadReportModule()) ?? reportMissingModule] : [];
    const serve = needsServeModule(argv) ? [await loadServeModule()].filter((m) => m !== undefined) : [];
    const container = createBladeContainer({
      plugins: loaded,
      modules: [...trainer, ...report, ...serve, ...(options.modules ?? []), cliModule],
    });
    container.bind(CliIo).toConstantValue(io);
    const program = new Command('blade')
      .description(
        'bladerec: list-wise metrics, objectives and Bayesian Best-of-N alignment for generative recommenders',
      )
      .version(VERSION)
      .showHelpAfterError('(run with --help for usage)')
      .addHelpText(
        'after',
        [
          '',
          'Examples:',
          '  blade eval --lists lists.jsonl --truth truth.jsonl --catalog catalog.json --metric ndcg@10 --metric ild@10',
          '  blade config validate run.yaml',
          '  blade train sft --config run.yaml --out runs/sft --dry-run',
          '  blade train blade --config run.yaml --init runs/sft/model.bct --out runs/blade',
          '  blade data inspect --format synthetic',
          '  blade report runs/ --out report && blade compare runs/blade runs/vbon',
          '  blade serve --config run.yaml',
          '',
          'Docs: docs/cli.md (every command), docs/metrics.md (every metric), docs/objectives.md (configs), docs/report.md, docs/serving.md',
        ].join('\n'),
      )
      .exitOverride()
      .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
    for (const contribution of container.getAll<CliContribution>(CliContribution)) contribution.register(program);
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return 0;
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isUserError(error)) {
      io.err(`blade: error: ${error.message}\n`);
      return 1;
    }
    const trace = error instanceof Error ? (error.stack ?? String(error)) : String(error);
    io.err(`blade: internal error (a bug; please report it with this trace):\n${trace}\n`);
    return EXIT_INTERNAL_ERROR;
  }
}

/** Stands in for the trainer's module in an install without `@bladerec/trainer`. */
const trainerMissingModule = new ContainerModule(({ bind }) => {
  bind(TrainMissingCommand).toSelf().inSingletonScope();
  bind(CliContribution).toService(TrainMissingCommand);
});

/** Stands in for the report's module in an install without `@bladerec/report`. */
const reportMissingModule = new ContainerModule(({ bind }) => {
  bind(ReportMissingCommand).toSelf().inSingletonScope();
  bind(CliContribution).toService(ReportMissingCommand);
});
