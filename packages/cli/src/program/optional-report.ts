import type { ContainerModule } from '@bladerec/core/inversify';

/** The package of `blade report` and `blade compare` (vega, vega-lite): an optional peer of the CLI. */
export const REPORT_PACKAGE = '@bladerec/report';

/** What `blade report` and `blade compare` say when {@link REPORT_PACKAGE} is not installed. */
export const REPORT_MISSING = `this command needs ${REPORT_PACKAGE} (reports and charts), which is not installed: npm install ${REPORT_PACKAGE}`;

/** Whether `error` says that {@link REPORT_PACKAGE} itself could not be found (not one of its imports). */
function isReportMissing(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === 'ERR_MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`'${REPORT_PACKAGE}'`);
}

/** The commands `@bladerec/report` contributes. */
const REPORT_COMMANDS = new Set(['report', 'compare', 'help']);

/**
 * Whether `argv` may need the report's module: `report`, `compare` and help (no command, or a flag
 * such as `--help` first), so that every other command starts without importing vega.
 */
export function needsReportModule(argv: readonly string[]): boolean {
  const first = argv[0];
  return first === undefined || first.startsWith('-') || REPORT_COMMANDS.has(first);
}

/**
 * The report's container module (`blade report`, `blade compare`) when `@bladerec/report` is
 * installed, else `undefined`: the lean eval-only install carries no charting library.
 */
export async function loadReportModule(): Promise<ContainerModule | undefined> {
  try {
    return (await import('@bladerec/report/module')).reportModule;
  } catch (error) {
    if (isReportMissing(error)) return undefined;
    throw error;
  }
}

/** `import('@bladerec/report')` for the demo; undefined when it is not installed. */
export async function importReport(): Promise<typeof import('@bladerec/report') | undefined> {
  try {
    return await import('@bladerec/report');
  } catch (error) {
    if (isReportMissing(error)) return undefined;
    throw error;
  }
}
