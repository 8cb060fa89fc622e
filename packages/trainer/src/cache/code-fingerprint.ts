import { createHash, type Hash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { endianness } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { relaxedSimdSupported, simdSupported } from '../kernels/simd-features.js';

/** Extensions of the code files hashed: compiled JavaScript in `dist/`, TypeScript sources in `src/`. */
const CODE = /\.(m?js|cjs|ts)$/;

/**
 * What can change the values a cache entry holds other than its inputs: the code of every installed
 * `@bladerec/*` package (each file of `dist/` and, in a source checkout, `src/`, by path and bytes —
 * sampling, rewards, estimators and the evaluator live there, and plugins resolved as packages), the code
 * of the plugins the run loaded from disk (`pluginFiles`: each entry file, and the `dist/` and `src/` of the
 * package it sits in — a third-party reward by path or package name), TensorFlow.js's version and the
 * backend's name (kernels differ per backend), the kernel switches (`BLADE_*KERNEL*` variables) and the
 * engine's SIMD / relaxed-SIMD support (another code path may round differently), the Node.js version (its
 * `Math` functions) and the byte order. The `@bladerec/*` files are hashed once per process, the plugins'
 * on every call. A plugin module's imports outside its entry file and its package's `dist/` and `src/` are
 * not covered: clear the cache after changing them.
 */
export function codeFingerprint(tfVersion: string, backend: string, pluginFiles: readonly string[] = []): string {
  cachedFiles ??= codeFilesDigest();
  const plugins = pluginFiles.length > 0 ? pluginCodeDigest(pluginFiles) : undefined;
  const engine = {
    node: process.version,
    endianness: endianness(),
    simd: simdSupported(),
    relaxedSimd: relaxedSimdSupported(),
  };
  return createHash('sha256')
    .update(JSON.stringify({ files: cachedFiles, plugins, tfVersion, backend, kernels: kernelSwitches(), ...engine }))
    .digest('hex');
}

/** The digest of the plugins' entry files and the code of the packages they sit in (each package once). */
function pluginCodeDigest(entryFiles: readonly string[]): string {
  const hash = createHash('sha256');
  const roots = new Set<string>();
  for (const file of [...entryFiles].sort()) {
    hash.update(`entry ${file}\n`);
    hash.update(readFileSync(file));
    roots.add(realpathSync(packageRoot(dirname(file))));
  }
  for (const root of [...roots].sort()) hashPackageCode(hash, root);
  return hash.digest('hex');
}

let cachedFiles: string | undefined;

/**
 * The environment variables that choose a kernel code path (`BLADE_FUSED_KERNELS`, `BLADE_KERNEL_THREADS` …), sorted.
 */
function kernelSwitches(): [string, string][] {
  return Object.entries(process.env)
    .filter((e): e is [string, string] => /^BLADE_\w*KERNEL/.test(e[0]) && e[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

/** The digest of the `@bladerec/*` packages' code files reachable from this module's package. */
function codeFilesDigest(): string {
  const hash = createHash('sha256');
  for (const root of bladerecPackages(packageRoot(dirname(fileURLToPath(import.meta.url)))))
    hashPackageCode(hash, root);
  return hash.digest('hex');
}

/** Feeds a package's name (when it has one) and its `dist/` and `src/` code files (path and bytes) to `hash`. */
function hashPackageCode(hash: Hash, root: string): void {
  const manifest = join(root, 'package.json');
  const name = existsSync(manifest)
    ? (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name
    : undefined;
  hash.update(`package ${typeof name === 'string' ? name : root}\n`);
  for (const folder of ['dist', 'src']) {
    for (const file of codeFiles(join(root, folder))) {
      hash.update(`${relative(root, file)}\n`);
      hash.update(readFileSync(file));
    }
  }
}

function packageRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return from;
    dir = up;
  }
  return dir;
}

/** This package and every `node_modules/@bladerec/*` package in it and its ancestors, by real path, sorted. */
function bladerecPackages(root: string): string[] {
  const found = new Set<string>([realpathSync(root)]);
  for (let dir = root; ; dir = dirname(dir)) {
    const scope = join(dir, 'node_modules', '@bladerec');
    if (existsSync(scope)) {
      for (const name of readdirSync(scope).sort()) {
        const pkg = join(scope, name);
        if (existsSync(join(pkg, 'package.json'))) found.add(realpathSync(pkg));
      }
    }
    if (dirname(dir) === dir) break;
  }
  return [...found].sort();
}

/** Code files under `dir` (recursively, no `node_modules`), sorted by path. */
function codeFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...codeFiles(path));
    } else if (CODE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}
