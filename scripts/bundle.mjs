#!/usr/bin/env node
// Bundles the built JavaScript of the packages whose `exports` point into `dist/bundle/` (after
// `tsc -b`): one esbuild run per package, every entry point at once with code splitting, so that the
// entry points of one package share its modules (one copy of each class, whichever entry a user
// imports). Node then opens a handful of files instead of hundreds of small ESM modules; start-up of
// the `blade` binary is dominated by exactly that (bench/results/cli.md).
//
// Every dependency stays external (one copy per install, shared with plugins and the trainer), except
// the ones listed in INLINE: core carries inversify (re-exported as `@bladerec/core/inversify`, the
// copy every bladerec package and plugin imports), TypeBox and ajv.
//
//   node scripts/bundle.mjs              every bundled workspace package (`pnpm build` runs it)
//   node scripts/bundle.mjs <dir>        one package (its `prepack` runs it)
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { workspacePackages } from './workspace-packages.mjs';

const INLINE = {
  '@bladerec/core': ['inversify', 'reflect-metadata', '@sinclair/typebox', 'ajv', 'ajv-formats'],
};

/**
 * `createRequire(import.meta.url)('../package.json')` reads a file relative to the *module*; in a bundle it is inlined.
 */
// (only as code: followed by `;` or `.`, not inside the plugin scaffold's template strings)
const PACKAGE_JSON_READ = /createRequire\(import\.meta\.url\)\((['"])((?:\.\.\/)+package\.json)\1\)(?=\s*[;.])/g;
const inlinePackageJson = {
  name: 'inline-package-json',
  setup(b) {
    b.onLoad({ filter: /[/\\]dist[/\\].*\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('package.json')) return undefined;
      const contents = text.replace(PACKAGE_JSON_READ, (_, __, rel) => {
        const { name, version } = JSON.parse(readFileSync(resolve(dirname(args.path), rel), 'utf8'));
        return `(${JSON.stringify({ name, version })})`;
      });
      return { contents, loader: 'js' };
    });
  },
};

/** The entry points of a package: `exports` targets under `./dist/bundle/`, built from the same name under `dist/`. */
function entries(pkg) {
  const out = {};
  const targets = Object.values(pkg.manifest.exports ?? {}).map((t) => (typeof t === 'string' ? t : t.default));
  if (typeof pkg.manifest.bin === 'object') targets.push(...Object.values(pkg.manifest.bin));
  for (const target of targets) {
    const m = /^\.\/dist\/bundle\/(.+)\.js$/.exec(target ?? '');
    if (m) out[m[1]] = join(pkg.dir, 'dist', `${pkg.manifest.bladerecBundle?.[m[1]] ?? m[1]}.js`);
  }
  return out;
}

export async function bundlePackage(pkg) {
  const entryPoints = entries(pkg);
  if (Object.keys(entryPoints).length === 0) return false;
  const inline = new Set(INLINE[pkg.name] ?? []);
  rmSync(join(pkg.dir, 'dist/bundle'), { recursive: true, force: true }); // no chunks of an earlier build
  const deps = [
    ...Object.keys(pkg.manifest.dependencies ?? {}),
    ...Object.keys(pkg.manifest.peerDependencies ?? {}),
    ...Object.keys(pkg.manifest.optionalDependencies ?? {}),
  ].filter((d) => !inline.has(d));
  await build({
    entryPoints,
    outdir: join(pkg.dir, 'dist/bundle'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // a dependency and its subpaths (`@bladerec/trainer/module`) stay imports
    external: deps.flatMap((d) => [d, `${d}/*`]),
    chunkNames: 'chunks/[name]-[hash]',
    // CommonJS inside the bundle (ajv) may require Node built-ins
    banner: {
      js: "import { createRequire as __bladerecRequire } from 'node:module'; const require = __bladerecRequire(import.meta.url);",
    },
    plugins: [inlinePackageJson],
    legalComments: 'none',
    // less to parse at every start; names stay (keepNames) so that stack traces and error messages read as in the
    // sources
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    logLevel: 'warning',
  });
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.argv[2] ? resolve(process.argv[2]) : undefined;
  for (const pkg of workspacePackages()) {
    if (only && pkg.dir !== only) continue;
    if (await bundlePackage(pkg))
      console.log(`bundled ${pkg.name} → ${relative(process.cwd(), join(pkg.dir, 'dist/bundle'))}`);
  }
}
