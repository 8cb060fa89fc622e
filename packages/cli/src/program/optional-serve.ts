import type { ContainerModule } from '@bladerec/core/inversify';

/** The package of `blade serve` (fastify, redis): an optional peer of the CLI. */
export const SERVE_PACKAGE = '@bladerec/serve';

/** Whether `error` says that {@link SERVE_PACKAGE} itself could not be found (not one of its imports). */
function isServeMissing(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === 'ERR_MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`'${SERVE_PACKAGE}'`);
}

/** Commands that may need the serve module: `serve`, help, and the config commands (its `serve` section). */
const SERVE_COMMANDS = new Set(['serve', 'config', 'schema', 'help']);

/** Whether `argv` may need the serve module, so that every other command starts without fastify. */
export function needsServeModule(argv: readonly string[]): boolean {
  const first = argv[0];
  return first === undefined || first.startsWith('-') || SERVE_COMMANDS.has(first);
}

/**
 * The serve module (`blade serve`, the `serve` config section) when `@bladerec/serve` is installed, else `undefined`.
 */
export async function loadServeModule(): Promise<ContainerModule | undefined> {
  try {
    return (await import('@bladerec/serve/module')).serveModule;
  } catch (error) {
    if (isServeMissing(error)) return undefined;
    throw error;
  }
}
