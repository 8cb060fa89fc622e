#!/usr/bin/env node
// `pnpm lint:packages`: packs every workspace package as it would be published and checks the
// tarball with publint (manifest and files), @arethetypeswrong/cli (the types resolve under
// Node 16+ ESM and bundlers; ESM-only, so CommonJS `require` is not a target) and our own rules
// (tarballProblems: no sources, build state or source maps; README, LICENSE, repository fields).
// Exit code 1 when any package has a problem.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { packPackage, tarballProblems, workspacePackages } from './workspace-packages.mjs';

const attw = resolve(import.meta.dirname, '../node_modules/.bin/attw');
const dest = mkdtempSync(join(tmpdir(), 'bladerec-lint-'));
let failed = 0;
try {
  for (const pkg of workspacePackages()) {
    const tarball = packPackage(pkg, dest);
    const problems = tarballProblems(tarball);
    const bytes = readFileSync(tarball);
    const lint = await publint({
      pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) },
      level: 'suggestion',
      strict: true,
    });
    for (const message of lint.messages)
      problems.push(`publint ${message.type}: ${formatMessage(message, lint.pkg, { color: false })}`);
    try {
      execFileSync(attw, [tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-emoji', '--no-color'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      const out = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim();
      problems.push(`attw: ${out.split('\n').join('\n    ')}`);
    }
    const size = (bytes.length / 1024).toFixed(1);
    if (problems.length === 0) {
      console.log(`ok   ${pkg.name}@${pkg.version} (${size} KiB packed)`);
    } else {
      failed++;
      console.log(`FAIL ${pkg.name}@${pkg.version}`);
      for (const p of problems) console.log(`  - ${p}`);
    }
  }
} finally {
  rmSync(dest, { recursive: true, force: true });
}
console.log(
  failed === 0 ? 'lint:packages: every package is clean' : `lint:packages: ${failed} package(s) with problems`,
);
process.exitCode = failed === 0 ? 0 : 1;
