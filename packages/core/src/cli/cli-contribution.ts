import type { Command } from 'commander';

/**
 * Contributes sub-commands to the `blade` program (Theia's `CliContribution`). Each package binds
 * its own (multi-binding): the CLI package contributes `eval`, `plugins` and `schema`, the data
 * package `data …`, the trainer `train …`.
 */
export interface CliContribution {
  /** Adds commands to `program`; actions run after every contribution has registered. */
  register(program: Command): void;
}
export const CliContribution = Symbol.for('bladerec.CliContribution');
