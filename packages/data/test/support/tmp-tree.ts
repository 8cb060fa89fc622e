import { mkdtempSync, mkdirSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';

const created: string[] = [];
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test file. */
export function tmpDir(prefix = 'bladerec-data-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Writes `files` (relative path → text or bytes) into a fresh temporary folder and returns it. */
export function writeTree(files: Readonly<Record<string, string | Uint8Array>>, base?: string): string {
  const dir = base ?? tmpDir();
  for (const [name, content] of Object.entries(files)) {
    const file = join(dir, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

/** Copies a fixture folder into a fresh temporary folder (to add or break files). */
export function copyFixture(name: string): string {
  const dir = tmpDir();
  cpSync(fixture(name), dir, { recursive: true });
  return dir;
}

/** Absolute path of a fixture. */
export function fixture(name: string): string {
  return join(import.meta.dirname, '..', 'fixtures', name);
}
