// The workspace's packages, packed as npm would publish them: used by `pnpm lint:packages` and the
// registry round-trip test (tests/registry/publish-install.test.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

const root = resolve(import.meta.dirname, '..');

/** Every workspace package (`packages/*`, `plugins/*`, `examples/*`), with its manifest. */
export function workspacePackages() {
  const out = [];
  for (const group of ['packages', 'plugins', 'examples']) {
    for (const name of readdirSync(join(root, group)).sort()) {
      const dir = join(root, group, name);
      if (!existsSync(join(dir, 'package.json'))) continue;
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      out.push({ dir, name: manifest.name, version: manifest.version, private: manifest.private === true, manifest });
    }
  }
  return out;
}

/** npm's tarball file name of a package: `@bladerec/core@0.1.0` → `bladerec-core-0.1.0.tgz`. */
export function tarballName(name, version) {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

/**
 * Packs a workspace package with pnpm (its `prepack` builds it; `workspace:`/`catalog:` ranges and
 * `publishConfig` overrides are applied) into `dest` and returns the tarball's path.
 */
export function packPackage(pkg, dest) {
  execFileSync('pnpm', ['pack', '--pack-destination', dest], { cwd: pkg.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const file = join(dest, tarballName(pkg.name, pkg.version));
  if (!existsSync(file)) throw new Error(`pnpm pack of ${pkg.name} wrote no ${file}`);
  return file;
}

/** The files of a `.tgz` (ustar, as npm and pnpm write it): path inside the archive → contents. */
export function tarballEntries(file) {
  const tar = gunzipSync(readFileSync(file));
  const entries = new Map();
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start, length) =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    if (type === '0' || type === '') entries.set(name, tar.subarray(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

/**
 * What is wrong with a packed tarball: build state or sources shipped, a README, LICENSE or the
 * entry point missing, workspace-only protocols and conditions left in the manifest, or a package other
 * than core importing inversify itself.
 */
export function tarballProblems(file) {
  const entries = tarballEntries(file);
  const problems = [];
  const names = [...entries.keys()];
  for (const name of names) {
    if (name.endsWith('.tsbuildinfo')) problems.push(`ships build state ${name}`);
    else if (name.endsWith('.map')) problems.push(`ships source map ${name}`);
    else if (name.startsWith('package/src/')) problems.push(`ships source ${name}`);
    // python/*.py: @bladerec/serve ships its standard-library Python client for the RL engines
    else if (!/^package\/(dist\/|python\/[\w/-]+\.py$|README\.md$|LICENSE$|package\.json$)/.test(name))
      problems.push(`ships unexpected ${name}`);
  }
  for (const required of ['package/package.json', 'package/README.md', 'package/LICENSE']) {
    if (!entries.has(required)) problems.push(`lacks ${required.slice('package/'.length)}`);
  }
  const manifestText = entries.get('package/package.json')?.toString('utf8') ?? '{}';
  const manifest = JSON.parse(manifestText);
  for (const leftover of ['@bladerec/source', 'workspace:', 'catalog:']) {
    if (manifestText.includes(leftover)) problems.push(`package.json still mentions ${leftover}`);
  }
  const main = manifest.exports?.['.']?.default;
  if (typeof main !== 'string' || !entries.has(`package/${main.replace(/^\.\//, '')}`))
    problems.push(`entry point ${main} is not in the tarball`);
  // one inversify per install: core's published build carries it, and a ContainerModule made by a second
  // copy cannot be loaded into core's container, so every other package imports @bladerec/core/inversify
  if (manifest.name !== '@bladerec/core') {
    for (const [name, data] of entries) {
      if (
        name.endsWith('.js') &&
        /from\s*["']inversify["']|import\(\s*["']inversify["']\s*\)/.test(data.toString('utf8'))
      ) {
        problems.push(
          `${name.slice('package/'.length)} imports inversify directly: import it from @bladerec/core/inversify`,
        );
      }
    }
  }
  for (const field of ['repository', 'homepage', 'bugs', 'engines', 'keywords', 'license']) {
    if (manifest[field] === undefined) problems.push(`package.json has no ${field}`);
  }
  return problems;
}
