import { BladeUserError } from '@bladerec/core';
import type { ContainerModule } from '@bladerec/core/inversify';

/** The package of the `blade train …` commands (and of TensorFlow.js): an optional peer of the CLI. */
export const TRAINER_PACKAGE = '@bladerec/trainer';

/** What `blade train` and `blade demo` say when {@link TRAINER_PACKAGE} is not installed. */
export const TRAINER_MISSING = `this command needs ${TRAINER_PACKAGE} (the TensorFlow.js trainer), which is not installed: npm install ${TRAINER_PACKAGE}`;

/** True when `error` is Node's "cannot find package" for the trainer itself (not for one of its dependencies). */
function isTrainerMissing(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === 'ERR_MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`'${TRAINER_PACKAGE}'`);
}

/** Commands that read none of the trainer's config sections and are none of its commands. */
const WITHOUT_TRAINER = new Set(['eval', 'plugins', 'plugin', 'data', 'report', 'compare', 'serve']);

/**
 * Whether `argv` may need the trainer's module: every command but `eval`, `plugins`, `plugin`, `serve`,
 * `data`, `report` and `compare` (`train …`, `config validate`, `schema`, `demo`, help, anything a
 * plugin adds), so that those start without importing the trainer even where it is installed.
 */
export function needsTrainerModule(argv: readonly string[]): boolean {
  return argv[0] === undefined || !WITHOUT_TRAINER.has(argv[0]);
}

/**
 * The trainer's container module (config sections and `blade train …` commands) when
 * `@bladerec/trainer` is installed, else `undefined`: an eval-only install has no TensorFlow.js.
 */
export async function loadTrainerModule(): Promise<ContainerModule | undefined> {
  try {
    return (await import('@bladerec/trainer/module')).trainerModule;
  } catch (error) {
    if (isTrainerMissing(error)) return undefined;
    throw error;
  }
}

/** `import('@bladerec/trainer')`, failing with a one-line {@link BladeUserError} when it is not installed. */
export async function importTrainer(): Promise<typeof import('@bladerec/trainer')> {
  try {
    return await import('@bladerec/trainer');
  } catch (error) {
    if (isTrainerMissing(error)) throw new BladeUserError(TRAINER_MISSING);
    throw error;
  }
}
