import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlugin } from '../src/index.js';

/** A project folder with temp plugin packages, each `{ name, main, files }`. */
function project(packages: Record<string, { main: string; files: Record<string, string> }>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bladerec-plugin-loader-'));
  for (const [folder, { main, files }] of Object.entries(packages)) {
    mkdirSync(join(dir, folder), { recursive: true });
    const name = folder.split('node_modules/').at(-1)!;
    writeFileSync(join(dir, folder, 'package.json'), JSON.stringify({ name, version: '0.1.0', type: 'module', main }));
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, folder, file), text);
  }
  return dir;
}

const failure = async (request: string, from: string): Promise<string> => {
  const error = await loadPlugin(request, from).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error, request).toBeInstanceOf(Error);
  expect(error!.message).not.toContain('\n');
  return error!.message;
};

describe('loadPlugin: a plugin that exists but cannot load is not "not found"', () => {
  const missingDep = {
    main: 'index.js',
    files: { 'index.js': "import 'bladerec-missing-dep';\nexport default {};\n" },
  };
  const dir = project({
    'needs-dep': missingDep,
    'node_modules/bladerec-reward-needs-dep': missingDep,
    'needs-file': { main: 'index.js', files: { 'index.js': "import './helpers.js';\nexport default {};\n" } },
    unbuilt: { main: 'dist/index.js', files: {} },
  });
  writeFileSync(join(dir, 'single.js'), "import 'bladerec-missing-dep';\nexport default {};\n");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the missing import and the file that imports it', async () => {
    expect(await failure('./needs-dep', dir)).toBe(
      `plugin './needs-dep' (./needs-dep) failed to load: cannot find module 'bladerec-missing-dep' imported from ${join(dir, 'needs-dep/index.js')}`,
    );
    expect(await failure('./single.js', dir)).toBe(
      `plugin './single.js' (./single.js) failed to load: cannot find module 'bladerec-missing-dep' imported from ${join(dir, 'single.js')}`,
    );
    // by name, from the project's node_modules (imported by Node itself)
    expect(await failure('needs-dep', dir)).toBe(
      `plugin 'needs-dep' (bladerec-reward-needs-dep) failed to load: cannot find module 'bladerec-missing-dep' imported from ${join(dir, 'node_modules/bladerec-reward-needs-dep/index.js')}`,
    );
    // a missing relative import: Node names it by absolute path, other module runners as written
    expect(await failure('./needs-file', dir)).toMatch(
      new RegExp(
        `^plugin './needs-file' \\(\\./needs-file\\) failed to load: cannot find module '(\\./|${dir}/needs-file/)helpers\\.js' imported from ${join(dir, 'needs-file/index.js')}$`,
      ),
    );
  });

  it('still says "not found" or "not built" when the plugin module itself is missing', async () => {
    expect(await failure('./nowhere.js', dir)).toBe("plugin './nowhere.js' not found (tried ./nowhere.js)");
    expect(await failure('./unbuilt', dir)).toBe(
      `plugin './unbuilt': the package's entry point ${join(dir, 'unbuilt/dist/index.js')} does not exist (is the package built?)`,
    );
  });
});
