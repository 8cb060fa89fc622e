import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Where an optional peer resolves: from this package (installed beside bladerec), else from the working
 * directory (installed in the user's project, e.g. `npm install @tensorflow/tfjs-node` next to a global CLI).
 */
function resolveInstalled(specifier: string, cwd: string): { from: 'package' | 'project'; path: string } | undefined {
  const bases = [
    ['package', import.meta.url],
    ['project', join(cwd, 'package.json')],
  ] as const;
  for (const [from, base] of bases) {
    try {
      return { from, path: createRequire(base).resolve(specifier) };
    } catch {
      // not resolvable from here
    }
  }
  return undefined;
}

/** Whether a package resolves from this package or from the working directory. */
export function installed(specifier: string, cwd = process.cwd()): boolean {
  return resolveInstalled(specifier, cwd) !== undefined;
}

/**
 * Imports an optional peer found by {@link installed}. A bare `import(specifier)` resolves from this file only, so
 * a package installed in the working directory is imported by its resolved path instead.
 */
export async function importInstalled(specifier: string, cwd = process.cwd()): Promise<unknown> {
  const found = resolveInstalled(specifier, cwd);
  if (found?.from === 'project') return import(/* @vite-ignore */ pathToFileURL(found.path).href);
  return import(/* @vite-ignore */ specifier);
}
