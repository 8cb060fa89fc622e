import { createHash } from 'node:crypto';
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
 * sampling, rewards, estimators and the evaluator live there, and plugins resolved as packages),
 * TensorFlow.js's version and the backend's name (kernels differ per backend), the kernel switches
 * (`BLADE_*KERNEL*` variables) and the engine's SIMD / relaxed-SIMD support (another code path may round
 * differently), the Node.js version (its `Math` functions) and the byte order. Files hashed once per process.
 */
export function codeFingerprint(tfVersion: string, backend: string): string {
  cachedFiles ??= codeFilesDigest();
  const engine = { node: process.version, endianness: endianness(), simd: simdSupported(), relaxedSimd: relaxedSimdSupported() };
  return createHash('sha256').update(JSON.stringify({ files: cachedFiles, tfVersion, backend, kernels: kernelSwitches(), ...engine })).digest('hex');
}

let cachedFiles: string | undefined;

/** The environment variables that choose a kernel code path (`BLADE_FUSED_KERNELS`, `BLADE_KERNEL_THREADS` …), sorted. */
function kernelSwitches(): [string, string][] {
  return Object.entries(process.env).filter((e): e is [string, string] => /^BLADE_\w*KERNEL/.test(e[0]) && e[1] !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
}

/** The digest of the `@bladerec/*` packages' code files reachable from this module's package. */
function codeFilesDigest(): string {
  const roots = bladerecPackages(packageRoot(dirname(fileURLToPath(import.meta.url))));
  const hash = createHash('sha256');
  for (const root of roots) {
    hash.update(`package ${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name as string}\n`);
    for (const folder of ['dist', 'src']) {
      for (const file of codeFiles(join(root, folder))) {
        hash.update(`${relative(root, file)}\n`);
        hash.update(readFileSync(file));
      }
    }
  }
  return hash.digest('hex');
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
