/** @bladerec/cli — the `blade` program, usable in-process through {@link runBlade}. */
export * from './program/run-blade.js';
export * from './program/builtin-plugins.js';
export * from './commands/eval/eval-inputs.js';
export * from './cli-module.js';
