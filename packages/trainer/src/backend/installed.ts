import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Whether a package resolves from this package or from the working directory. */
export function installed(specifier: string): boolean {
  for (const base of [import.meta.url, join(process.cwd(), 'package.json')]) {
    try {
      createRequire(base).resolve(specifier);
      return true;
    } catch {
      // not resolvable from here
    }
  }
  return false;
}
