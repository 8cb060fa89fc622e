#!/usr/bin/env bash
# Makes Debian's `redis-server` available for @bladerec/serve's Redis prior-store and fault tests
# (packages/serve/test/serve-redis.test.ts starts it on a loopback port in a temp folder and stops it).
# Idempotent: returns at once when redis-server is there. Exit status 0 when it is there, 3 when it
# cannot be installed (no apt, not root, no network): under CI=true the Redis tests then fail.
set -uo pipefail

say() { echo "redis: $*" >&2; }

if command -v redis-server >/dev/null 2>&1; then
  say "$(command -v redis-server) present ($(redis-server --version | cut -d' ' -f3))"
  exit 0
fi
if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  say "missing and cannot install (needs root and apt-get); the serve Redis tests need it under CI"
  exit 3
fi
say "installing Debian's redis-server"
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }; then
  say "apt-get failed"
  exit 3
fi
# the package may start a system service; the tests start their own server on another port
say "$(command -v redis-server) installed"
