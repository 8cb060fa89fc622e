import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runBladeInProcess } from './support/run-blade-in-process.js';

/**
 * `blade plugin new` scaffolds a package of every kind into a folder outside the workspace; each is
 * built with its own tsconfig (the TypeScript compiler in this process) and its own vitest suite
 * passes (one vitest process over all of them), then `blade plugins list --plugin <folder>` loads
 * the build. The `@bladerec/*` packages are linked from this workspace (their built `dist`, as npm
 * would install them; no `@bladerec/source` condition applies outside it), typescript, vitest,
 * fast-check and @types/node from its node_modules. Measured at load ~20 on 2 cores: building the
 * six ~60 s, their vitest run ~70 s; the timeouts are 5 and 10 minutes.
 */
const MINUTE = 60_000;
const workspace = resolve(import.meta.dirname, '..');
const root = mkdtempSync(join(tmpdir(), 'bladerec-plugin-new-'));
const kinds = [
  ['reward', 'graded-hits', 'bladerec-reward-graded-hits', 'reward', 'graded-hits@N'],
  ['metric', 'catalog-share', 'bladerec-plugin-catalog-share', 'corpus', 'catalog-share@N'],
  ['prior', 'window', 'bladerec-plugin-window', 'prior', 'window'],
  ['evidence', 'pair-counts', 'bladerec-plugin-pair-counts', 'evidence', 'pair-counts'],
  ['target', 'mid-rank-target', 'bladerec-plugin-mid-rank-target', 'target', 'mid-rank-target'],
  ['loader', 'user-lines', 'bladerec-plugin-user-lines', 'loader', 'user-lines'],
] as const;

/** Links `name` into `dir/node_modules`, as an install would place it. */
function link(dir: string, name: string, target: string): void {
  mkdirSync(join(dir, 'node_modules', name, '..'), { recursive: true });
  symlinkSync(realpathSync(target), join(dir, 'node_modules', name), 'dir');
}

/** Compiles the project of `dir/tsconfig.json` in this process; returns the formatted diagnostics. */
function build(dir: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(dir, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  )!;
  const program = ts.createProgram(config.fileNames, config.options);
  const emitted = program.emit();
  return [...config.errors, ...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].map((d) =>
    ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  );
}

beforeAll(async () => {
  for (const [kind, name] of kinds) {
    const r = await runBladeInProcess(['plugin', 'new', name, '--kind', kind], root);
    expect(r.code, r.stderr).toBe(0);
  }
}, 5 * MINUTE);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.sequential('blade plugin new', () => {
  test('writes a standalone package: own tsconfig, core as a peer, the prefix convention, README and tests', () => {
    for (const [kind, name, packageName] of kinds) {
      const dir = join(root, packageName);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      expect(manifest.name, kind).toBe(packageName);
      expect(manifest.keywords, kind).toContain('bladerec-plugin');
      expect(manifest.peerDependencies['@bladerec/core'], kind).toBe('^0.1.0');
      expect(manifest.dependencies, kind).toBeUndefined();
      expect(manifest.scripts, kind).toMatchObject({ build: 'tsc -p tsconfig.json', test: 'vitest run' });
      expect(JSON.stringify(manifest), kind).not.toMatch(/workspace:|catalog:/);
      const tsconfig = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8'));
      expect(tsconfig.extends, kind).toBeUndefined();
      for (const file of ['README.md', 'src/index.ts', `src/${name}.ts`, `test/${name}.test.ts`, '.gitignore'])
        expect(existsSync(join(dir, file)), `${kind}: ${file}`).toBe(true);
    }
    const reward = JSON.parse(readFileSync(join(root, kinds[0][2], 'package.json'), 'utf8'));
    expect(Object.keys(reward.devDependencies)).toEqual([
      '@bladerec/core',
      '@bladerec/testkit',
      '@types/node',
      'typescript',
      'vitest',
    ]);
  });

  test(
    'each package builds with its own tsconfig, without errors',
    () => {
      for (const [, , packageName] of kinds) {
        const dir = join(root, packageName);
        for (const pkg of ['core', 'data', 'testkit']) link(dir, `@bladerec/${pkg}`, join(workspace, 'packages', pkg));
        for (const tool of ['typescript', 'vitest', 'fast-check', '@types/node'])
          link(dir, tool, join(workspace, 'node_modules', tool));
        expect(build(dir), packageName).toEqual([]);
        expect(existsSync(join(dir, 'dist/index.js')), packageName).toBe(true);
        expect(existsSync(join(dir, 'dist/index.d.ts')), packageName).toBe(true);
      }
    },
    5 * MINUTE,
  );

  test(
    "each package's own test suite passes",
    async () => {
      // one vitest process for all six: each package is a project with its own root and no config of its own
      writeFileSync(
        join(root, 'vitest.config.mjs'),
        `export default { test: { projects: ${JSON.stringify(kinds.map((k) => k[2]))} } };\n`,
      );
      const vitest = join(workspace, 'node_modules/vitest/vitest.mjs');
      const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
      const { stdout } = await promisify(execFile)(process.execPath, [vitest, 'run', '--reporter=json'], {
        cwd: root,
        env: { ...env, CI: 'true' },
        maxBuffer: 1 << 26,
      });
      const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
        numFailedTests: number;
        numPassedTests: number;
        testResults: { name: string; status: string }[];
      };
      expect(report.testResults.map((r) => [r.name.slice(root.length + 1).split('/')[0], r.status]).sort()).toEqual(
        kinds.map((k) => [k[2], 'passed']).sort(),
      );
      expect(report.numFailedTests).toBe(0);
      expect(report.numPassedTests).toBeGreaterThan(50);
    },
    10 * MINUTE,
  );

  test('blade loads each build by path and lists its contribution under its kind', async () => {
    for (const [, , packageName, row, id] of kinds) {
      const r = await runBladeInProcess(['plugins', 'list', '--plugin', join(root, packageName)], root);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout, packageName).toMatch(new RegExp(`^${packageName}@0\\.1\\.0 +${row} +${id} `, 'm'));
    }
  });

  test('refuses an unknown kind, a malformed name and a folder that is not empty, in one line', async () => {
    const kind = await runBladeInProcess(['plugin', 'new', 'x', '--kind', 'policy'], root);
    expect([kind.code, kind.stderr]).toEqual([
      1,
      "blade: error: unknown plugin kind 'policy' (kinds: reward, metric, prior, evidence, target, loader)\n",
    ]);
    const name = await runBladeInProcess(['plugin', 'new', 'Bad_Name'], root);
    expect(name.code).toBe(1);
    expect(name.stderr).toMatch(
      /^blade: error: plugin name 'Bad_Name': 'Bad_Name' must be lower-case letters and digits[^\n]*\n$/,
    );
    const taken = await runBladeInProcess(['plugin', 'new', 'graded-hits'], root);
    expect([taken.code, taken.stderr]).toEqual([
      1,
      `blade: error: ${join(root, kinds[0][2])}: folder is not empty; choose another with --dir\n`,
    ]);
  });

  test('scoped names keep the scope and take the prefix; --dir chooses the folder', async () => {
    const r = await runBladeInProcess(['plugin', 'new', '@acme/novelty', '--dir', 'acme-novelty'], root);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'acme-novelty/package.json'), 'utf8')).name).toBe(
      '@acme/bladerec-reward-novelty',
    );
  });
});
