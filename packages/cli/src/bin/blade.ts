#!/usr/bin/env node
// `blade --version` answers before any command module loads; everything else goes through runBlade.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const { VERSION } = await import('../program/version.js');
  process.stdout.write(`${VERSION}\n`);
} else {
  const { runBlade } = await import('../program/run-blade.js');
  process.exitCode = await runBlade(argv);
}
