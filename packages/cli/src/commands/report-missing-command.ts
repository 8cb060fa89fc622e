import { BladeUserError, CliContribution } from '@bladerec/core';
import type { Command } from 'commander';
import { injectable } from '@bladerec/core/inversify';
import { REPORT_MISSING, REPORT_PACKAGE } from '../program/optional-report.js';

/**
 * `blade report` and `blade compare` when `@bladerec/report` is not installed: both are listed, and
 * running either fails with one line that says which package to install.
 */
@injectable()
export class ReportMissingCommand implements CliContribution {
  register(program: Command): void {
    for (const [name, what] of [
      ['report', 'write report.html and SVG charts from run folders'],
      ['compare', 'paired differences of two runs'],
    ] as const) {
      program
        .command(name)
        .description(`${what} (needs ${REPORT_PACKAGE}: npm install ${REPORT_PACKAGE})`)
        .argument('[args...]')
        .allowUnknownOption()
        .helpOption(false)
        .action(() => {
          throw new BladeUserError(REPORT_MISSING);
        });
    }
  }
}
