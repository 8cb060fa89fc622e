#!/usr/bin/env bash
# Makes Debian's `chromium` available for the report's end-to-end browser test
# (packages/report/test/report-browser.test.ts drives it with puppeteer-core, which downloads no browser).
# Idempotent: returns at once when a chromium binary is there. Exit status 0 when it is there, 3 when
# it cannot be installed (no apt, not root, no network): under CI=true the browser test then fails
# with its own message.
set -uo pipefail

say() { echo "chromium: $*" >&2; }

for bin in chromium chromium-browser; do
  if command -v "$bin" >/dev/null 2>&1; then
    say "$(command -v "$bin") present"
    exit 0
  fi
done
if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  say "missing and cannot install (needs root and apt-get); the report browser test needs it under CI"
  exit 3
fi
say "installing Debian's chromium"
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }; then
  say "apt-get failed"
  exit 3
fi
say "$(command -v chromium) installed"
