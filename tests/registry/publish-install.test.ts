import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packPackage, tarballEntries, tarballProblems, workspacePackages } from '../../scripts/workspace-packages.mjs';
import { runBladeInProcess } from '../support/run-blade-in-process.js';
import { type LocalRegistry, startLocalRegistry } from './local-registry.js';
import { packDirectory, putPackage, thirdPartyClosure } from './third-party-mirror.js';

/**
 * The round trip of a user who installs bladerec from npm: every workspace package is packed as
 * `pnpm publish` packs it and published with npm to a Verdaccio on 127.0.0.1 (no uplinks), with the
 * example plugin as a third-party package; the third-party dependencies are published to it from the
 * workspace's pnpm store, so nothing leaves the machine (the npmrc also points every other host at
 * a proxy that does not exist). A project outside the workspace then installs the CLI and the
 * plugin with npm and runs `blade` from its `node_modules/.bin`.
 *
 * Durations measured on a 2-core machine at load ~20: packing 1-2 min, publishing (82 third-party
 * packages, TensorFlow.js ~300 MB unpacked among them, then ours) 2.5 min, the eval-only install
 * 20 s, eval 15 s, the trainer's install with SFT and alignment 1 min; the timeouts are 4-10× those.
 */
const MINUTE = 60_000;
const workspace = resolve(import.meta.dirname, '../..');
const root = mkdtempSync(join(tmpdir(), 'bladerec-registry-'));
const tarballs = join(root, 'tarballs');
const project = join(root, 'project');
const npmrc = join(root, 'npmrc');
const run = promisify(execFile);
const fixtures = join(workspace, 'tests/fixtures/eval');

const packages = workspacePackages();
const published = packages.filter((p) => !p.private);
const example = packages.find((p) => p.name === 'bladerec-reward-novelty')!;
const packed = new Map<string, string>();
let registry: LocalRegistry | undefined;

/** The environment of npm: our npmrc and cache only (pnpm's npm_config_* variables would override the npmrc). */
function npmEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_|^pnpm_/i.test(key)));
  return { ...env, npm_config_userconfig: npmrc, npm_config_cache: join(root, 'npm-cache'), CI: 'true' };
}

const npm = (args: string[], cwd: string) =>
  run('npm', [...args, '--registry', registry!.url], { cwd, env: npmEnv(), maxBuffer: 1 << 26 });
const blade = (args: string[]) =>
  run(join(project, 'node_modules/.bin/blade'), args, { cwd: project, env: npmEnv(), maxBuffer: 1 << 26 }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

/** Bytes of the regular files under `dir` (links not followed). */
function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

/** Every folder under `nodeModules` (nested installs included) that holds package `name`. */
function copiesUnder(nodeModules: string, name: string): string[] {
  const found = existsSync(join(nodeModules, name, 'package.json')) ? [join(nodeModules, name)] : [];
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const scope = entry.name.startsWith('@')
      ? readdirSync(join(nodeModules, entry.name)).map((n) => join(entry.name, n))
      : [entry.name];
    for (const pkg of scope) {
      const nested = join(nodeModules, pkg, 'node_modules');
      if (existsSync(nested)) found.push(...copiesUnder(nested, name));
    }
  }
  return found;
}

const installed = (name: string) => existsSync(join(project, 'node_modules', name, 'package.json'));
const sizes: Record<string, number> = {};

beforeAll(async () => {
  mkdirSync(tarballs, { recursive: true });
  for (const pkg of packages) packed.set(pkg.name, packPackage(pkg, tarballs));
  registry = await startLocalRegistry(join(root, 'registry'));
  writeFileSync(npmrc, registry.npmrc);
}, 12 * MINUTE);

afterAll(async () => {
  await registry?.close();
  if (process.env['BLADE_INSTALL_SIZES'] && Object.keys(sizes).length > 0)
    writeFileSync(process.env['BLADE_INSTALL_SIZES'], JSON.stringify(sizes, null, 2));
  rmSync(root, { recursive: true, force: true });
}, MINUTE);

describe.sequential('published packages installed from a local registry', () => {
  test('every tarball ships dist, README and LICENSE, and a manifest without workspace-only fields', () => {
    for (const pkg of packages) {
      const file = packed.get(pkg.name)!;
      expect(tarballProblems(file), pkg.name).toEqual([]);
      const names = [...tarballEntries(file).keys()];
      expect(
        names.some((n) => n.endsWith('.tsbuildinfo') || n.startsWith('package/src/') || n.endsWith('.map')),
        pkg.name,
      ).toBe(false);
      expect(names, pkg.name).toContain('package/dist/index.d.ts');
      const manifest = JSON.parse(tarballEntries(file).get('package/package.json')!.toString('utf8'));
      // bundled packages (scripts/bundle.mjs) load dist/bundle/index.js; the trainer and testkit are not bundled
      const source = (pkg.manifest['exports'] as Record<string, { default: string }>)['.']!.default;
      const main = source.startsWith('./dist/bundle/') ? './dist/bundle/index.js' : './dist/index.js';
      expect(manifest.exports['.'], pkg.name).toEqual({ types: './dist/index.d.ts', default: main });
      expect(manifest.scripts?.prepack, pkg.name).toBeUndefined();
    }
  });

  test(
    'publishes the third-party dependencies from the pnpm store, then every package and the example plugin with npm',
    async () => {
      const roots = published.map((p) => ({
        dir: p.dir,
        dependencies: Object.keys((p.manifest['dependencies'] ?? {}) as Record<string, string>),
      }));
      const mirror = thirdPartyClosure(roots);
      const numeric = (v: string) => v.split(/[.+-]/).slice(0, 3).map(Number);
      const order = (a: string, b: string) => numeric(a).reduce((d, x, i) => d || x - numeric(b)[i]!, 0);
      mirror.sort((a, b) => (a.manifest.name === b.manifest.name ? order(a.manifest.version, b.manifest.version) : 0));
      for (const pkg of mirror) await putPackage(registry!, pkg.manifest, packDirectory(pkg.dir));
      for (const pkg of published) await npm(['publish', packed.get(pkg.name)!, '--access', 'public'], root);
      // the example is private in this repository; a third-party author publishes it without that flag
      const folder = join(root, 'novelty');
      for (const [name, data] of tarballEntries(packed.get(example.name)!)) {
        mkdirSync(dirname(join(folder, name)), { recursive: true });
        writeFileSync(join(folder, name), data);
      }
      const manifestFile = join(folder, 'package/package.json');
      const { private: _private, ...manifest } = JSON.parse(readFileSync(manifestFile, 'utf8'));
      writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
      await npm(['publish', join(folder, 'package')], root);
      const view = await npm(['view', 'bladerec-reward-novelty', 'peerDependencies', '--json'], root);
      expect(JSON.parse(view.stdout)).toEqual({ '@bladerec/core': '^0.1.0' });
      const cli = JSON.parse((await npm(['view', '@bladerec/cli', '--json'], root)).stdout);
      expect(cli.dependencies['@bladerec/trainer']).toBeUndefined();
      expect(cli.peerDependencies).toEqual({
        '@bladerec/trainer': '^0.1.0',
        '@bladerec/report': '^0.1.0',
        '@bladerec/serve': '^0.1.0',
      });
    },
    15 * MINUTE,
  );

  test(
    'an eval-only install (the CLI and a third-party plugin, no TensorFlow.js) in a folder outside the workspace',
    async () => {
      mkdirSync(project, { recursive: true });
      writeFileSync(
        join(project, 'package.json'),
        JSON.stringify({ name: 'user-project', private: true, type: 'module' }),
      );
      await npm(['install', '@bladerec/cli', 'bladerec-reward-novelty'], project);
      expect(installed('@bladerec/cli') && installed('bladerec-reward-novelty') && installed('@bladerec/core')).toBe(
        true,
      );
      expect(installed('@bladerec/trainer') || installed('@tensorflow/tfjs')).toBe(false);
      expect(installed('@bladerec/report') || installed('vega')).toBe(false);
      // one core and one inversify: the plugin binds into the CLI's container
      expect(copiesUnder(join(project, 'node_modules'), '@bladerec/core')).toHaveLength(1);
      expect(copiesUnder(join(project, 'node_modules'), 'inversify')).toHaveLength(1);
      sizes['evalOnlyBytes'] = bytesUnder(join(project, 'node_modules'));
    },
    10 * MINUTE,
  );

  test(
    'blade eval --plugin novelty there gives what the workspace gives',
    async () => {
      for (const file of ['lists.jsonl', 'truth.jsonl', 'catalog.json'])
        copyFileSync(join(fixtures, file), join(project, file));
      const args = [
        'eval',
        '--lists',
        'lists.jsonl',
        '--truth',
        'truth.jsonl',
        '--catalog',
        'catalog.json',
        '--metric',
        'novelty@3',
        '--metric',
        'ndcg@3',
        '--json',
      ];
      const installedRun = await blade([...args, '--plugin', 'novelty']);
      expect(installedRun.code, installedRun.stderr).toBe(0);
      const local = await runBladeInProcess([...args, '--plugin', example.dir], project);
      expect(local.code, local.stderr).toBe(0);
      expect(JSON.parse(installedRun.stdout)).toEqual(JSON.parse(local.stdout));
      expect(JSON.parse(installedRun.stdout)['novelty@3']).toBeGreaterThan(0);
      const list = await blade(['plugins', 'list', '--plugin', 'novelty']);
      expect(list.stdout).toMatch(/^bladerec-reward-novelty@0\.1\.0 +reward +novelty@N/m);
      expect(list.stdout).toMatch(/^@bladerec\/estimators@0\.1\.0 +target +dp-beta/m);
    },
    5 * MINUTE,
  );

  test(
    'without the trainer, blade train says which package to install',
    async () => {
      const r = await blade(['train', 'sft', '--config', 'sft.json']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'blade: error: this command needs @bladerec/trainer (the TensorFlow.js trainer), which is not installed: npm install @bladerec/trainer\n',
      );
    },
    5 * MINUTE,
  );

  test(
    'installing the trainer adds blade train: SFT, then BLADE with an objective that uses the plugin loaded by name',
    async () => {
      await npm(['install', '@bladerec/trainer'], project);
      sizes['fullBytes'] = bytesUnder(join(project, 'node_modules'));
      writeFileSync(
        join(project, 'sft.json'),
        JSON.stringify({
          data: { format: 'synthetic', options: { seed: 5, items: 60, users: 80, minHistory: 4, maxHistory: 8 } },
          model: { layers: 1, dModel: 16, heads: 2, ffnMultiplier: 2, context: 6, dropout: 0.1 },
          sft: {
            seed: 3,
            steps: 20,
            batchSize: 16,
            learningRate: 0.01,
            warmupSteps: 2,
            evalEvery: 20,
            evalExamples: 20,
            checkpointEvery: 20,
            logEvery: 10,
          },
        }),
      );
      const sft = await blade(['train', 'sft', '--config', 'sft.json', '--out', 'sft', '--json']);
      expect(sft.code, sft.stderr).toBe(0);
      expect(sft.stderr).toMatch(/^backend: wasm/m);
      expect(existsSync(join(project, 'sft/model.bct'))).toBe(true);
      writeFileSync(
        join(project, 'align.json'),
        JSON.stringify({
          data: { format: 'synthetic', options: { seed: 5, items: 60, users: 80, minHistory: 4, maxHistory: 8 } },
          objective: { terms: ['ndcg@5', { reward: 'novelty', weight: 0.1, options: { k: 5 } }] },
          align: {
            steps: 2,
            contextsPerStep: 4,
            groupSize: 4,
            listLength: 5,
            referenceRollouts: 4,
            split: 'valid',
            evalEvery: 100,
            evalExamples: 10,
            evalSamples: 1,
            metrics: ['ndcg@5', 'novelty@5'],
          },
        }),
      );
      const align = await blade([
        'train',
        'blade',
        '--plugin',
        'novelty',
        '--config',
        'align.json',
        '--init',
        'sft/model.bct',
        '--out',
        'blade',
        '--json',
      ]);
      expect(align.code, align.stderr).toBe(0);
      const records = align.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      const steps = records.filter((r) => 'train/loss' in r);
      expect(steps.map((r) => r.step)).toEqual([1, 2]);
      expect(typeof steps[0]['reward/novelty@5/mean']).toBe('number');
      expect(Object.keys(records.at(-1).summary.test.sampled.means)).toEqual(['blade', 'sft']);
    },
    20 * MINUTE,
  );

  test(
    'without the report package, blade report says which package to install; installing it adds report and compare',
    async () => {
      const missing = await blade(['report', 'blade']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe(
        'blade: error: this command needs @bladerec/report (reports and charts), which is not installed: npm install @bladerec/report\n',
      );
      await npm(['install', '@bladerec/report'], project);
      const report = await blade(['report', 'sft', 'blade', '--out', 'report']);
      expect(report.code, report.stderr).toBe(0);
      expect(report.stdout).toContain(`report: ${join(project, 'report', 'report.html')}`);
      expect(readFileSync(join(project, 'report', 'kl-frontier.svg'), 'utf8')).toMatch(/^<svg /);
      const compare = await blade(['compare', 'blade', 'blade', '--json']);
      expect(compare.code, compare.stderr).toBe(0);
      expect(JSON.parse(compare.stdout).comparison.metrics['ndcg@5'].difference.mean).toBe(0);
    },
    10 * MINUTE,
  );
});
