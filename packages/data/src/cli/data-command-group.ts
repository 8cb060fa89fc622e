import { commandGroup } from '@bladerec/core';
import type { Command } from 'commander';

/**
 * The `blade data` command group, created by whichever data command registers first, so that each
 * `data …` sub-command can be its own `CliContribution`.
 */
export function dataCommandGroup(program: Command): Command {
  return commandGroup(program, 'data', 'inspect, convert and generate recommendation data sets');
}
