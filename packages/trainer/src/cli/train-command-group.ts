import { commandGroup } from '@bladerec/core';
import type { Command } from 'commander';

/** Commander collector for repeatable options. */
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `blade train …`: one sub-command per algorithm, each its own `CliContribution`. */
export function trainCommandGroup(program: Command): Command {
  return commandGroup(
    program,
    'train',
    'train and align the generative list policy (sft, blade, vbon, bond, jbond, bonbon, grpo, rloo, bon)',
  );
}

/** Flags every `blade train <algo>` command takes. */
export interface TrainFlags {
  config: string;
  out?: string;
  resume?: boolean;
  backend?: string;
  json?: boolean;
  dryRun?: boolean;
}

/** Adds the common flags to a training command (`resume: false` for a command that trains nothing). */
export function addTrainFlags(command: Command, defaultOut: string, options: { resume?: boolean } = {}): Command {
  command
    .requiredOption('--config <file>', '(required) run config (JSON or YAML; `blade schema` prints its JSON Schema)')
    .option(
      '--out <dir>',
      `run directory for checkpoints, metrics.jsonl, model.bct and summary.json (default ${defaultOut})`,
    );
  if (options.resume !== false) command.option('--resume', 'continue from <out>/checkpoint.bct when it exists');
  return command
    .option('--backend <name>', 'force a TensorFlow.js backend: tensorflow-gpu, tensorflow, webgpu, wasm or cpu')
    .option('--json', 'print log records as JSON lines on stdout (no progress bar)')
    .option(
      '--dry-run',
      'check the config and the data, print the resolved config, the data counts and what would run; train nothing',
    )
    .option('--plugin <name>', 'load a plugin package (rewards, estimators …; repeatable)', collect);
}
