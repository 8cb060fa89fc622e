import { BladeUserError, CliContribution } from '@bladerec/core';
import type { Command } from 'commander';
import { injectable } from '@bladerec/core/inversify';
import { TRAINER_MISSING, TRAINER_PACKAGE } from '../program/optional-trainer.js';

/**
 * `blade train …` when `@bladerec/trainer` is not installed: the command is listed, and running
 * any form of it fails with one line that says which package to install.
 */
@injectable()
export class TrainMissingCommand implements CliContribution {
  register(program: Command): void {
    program
      .command('train')
      .description(`train and align the list policy (needs ${TRAINER_PACKAGE}: npm install ${TRAINER_PACKAGE})`)
      .argument('[args...]')
      .allowUnknownOption()
      .helpOption(false)
      .action(() => {
        throw new BladeUserError(TRAINER_MISSING);
      });
  }
}
