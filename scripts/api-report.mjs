#!/usr/bin/env node
// API reports: for every published entry point of every workspace package (the `exports` subpaths,
// except `./internal`, `./inversify` — inversify's own API — and `./package.json`), API Extractor
// reads the built declarations (`dist/*.d.ts`) and writes the public surface to
// `<package>/api/<name>.api.md`. Reviewers see a change of public API as a diff of that file.
//
//   node scripts/api-report.mjs           check: exit 1 when a report is missing or differs (pnpm lint:packages)
//   node scripts/api-report.mjs --update  rewrite the reports (pnpm api:update), then commit them
//
// Needs `pnpm build` first (the declarations).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { workspacePackages } from './workspace-packages.mjs';

const root = resolve(import.meta.dirname, '..');
const update = process.argv.includes('--update');
const SKIPPED = new Set(['./internal', './inversify', './package.json']);

/** The report of one entry point: `core` for `.`, `trainer-module` for `./module`. */
const reportName = (pkg, subpath) => {
  const base = pkg.name.replace(/^@[^/]+\//, '');
  return subpath === '.' ? base : `${base}-${subpath.slice(2).replace(/\//g, '-')}`;
};

const temp = mkdtempSync(join(tmpdir(), 'bladerec-api-'));
let failed = 0;
try {
  for (const pkg of workspacePackages()) {
    if (pkg.private) continue;
    for (const [subpath, target] of Object.entries(pkg.manifest.exports ?? {})) {
      if (SKIPPED.has(subpath) || typeof target !== 'object' || !target.types) continue;
      const entry = join(pkg.dir, target.types);
      const name = reportName(pkg, subpath);
      const label = `${pkg.name}${subpath === '.' ? '' : subpath.slice(1)}`;
      if (!existsSync(entry)) {
        console.log(`FAIL ${label}: ${relative(root, entry)} is missing (run pnpm build)`);
        failed++;
        continue;
      }
      if (update) mkdirSync(join(pkg.dir, 'api'), { recursive: true });
      const config = ExtractorConfig.prepare({
        configObject: {
          projectFolder: pkg.dir,
          mainEntryPointFilePath: entry,
          compiler: {
            overrideTsconfig: {
              compilerOptions: {
                target: 'ES2022',
                module: 'NodeNext',
                moduleResolution: 'NodeNext',
                lib: ['ES2023'],
                types: ['node'],
                skipLibCheck: true,
                experimentalDecorators: true,
              },
              files: [entry],
            },
          },
          apiReport: {
            enabled: true,
            reportFolder: join(pkg.dir, 'api'),
            reportTempFolder: join(temp, name),
            reportFileName: `${name}.api.md`,
          },
          docModel: { enabled: false },
          dtsRollup: { enabled: false },
          tsdocMetadata: { enabled: false },
          messages: {
            compilerMessageReporting: { default: { logLevel: 'warning' } },
            extractorMessageReporting: {
              default: { logLevel: 'none' },
              'ae-forgotten-export': { logLevel: 'none', addToApiReportFile: true },
            },
            tsdocMessageReporting: { default: { logLevel: 'none' } },
          },
        },
        configObjectFullPath: join(pkg.dir, 'api-extractor.json'),
        packageJsonFullPath: join(pkg.dir, 'package.json'),
      });
      // our own one-line status per entry point replaces API Extractor's console messages (errors still print)
      const result = Extractor.invoke(config, {
        localBuild: update,
        messageCallback: (m) => void (m.handled = m.logLevel !== 'error'),
      });
      const report = relative(root, join(pkg.dir, 'api', `${name}.api.md`));
      if (result.apiReportChanged && !update) {
        console.log(
          `FAIL ${label}: the public API differs from ${report} (review it, then pnpm api:update and commit)`,
        );
        failed++;
      } else if (!result.succeeded && !result.apiReportChanged) {
        console.log(`FAIL ${label}: API Extractor reported ${result.errorCount} error(s)`);
        failed++;
      } else {
        console.log(`${update && result.apiReportChanged ? 'new ' : 'ok  '} ${label} (${report})`);
      }
    }
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
if (failed > 0) console.log(`api reports: ${failed} entry point(s) differ from their committed report`);
process.exitCode = failed === 0 ? 0 : 1;
