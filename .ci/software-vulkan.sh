#!/usr/bin/env bash
# Makes Mesa's software Vulkan driver (lavapipe) available so that Dawn (npm `webgpu`) finds a WebGPU
# adapter on a machine without a GPU, and the webgpu backend's tests run instead of skipping.
#
# Dawn needs Mesa >= 25 (Debian 12's own 22.3 lacks a Vulkan feature Dawn requires: no adapter). On
# Debian 12 (bookworm) the packages come from bookworm-backports (its deb.debian.org sources entry is
# added when absent); on later Debian releases from the release itself. Idempotent: when
# mesa-vulkan-drivers >= 25 and libvulkan1 are installed it returns at once. Exit status 0 when the
# driver is there, 3 when it is not (no apt, not root, no network, too old): the caller decides; the
# webgpu tests then skip with their own message.
set -uo pipefail

MIN_MESA=25
PACKAGES=(mesa-vulkan-drivers libvulkan1)

mesa_version() {
  dpkg-query -W -f='${db:Status-Abbrev} ${Version}' mesa-vulkan-drivers 2>/dev/null | awk '$1 == "ii" { print $2 }'
}

present() {
  local version
  version="$(mesa_version)"
  [[ -n "$version" ]] || return 1
  dpkg --compare-versions "$version" ge "$MIN_MESA" || return 1
  dpkg-query -W -f='${db:Status-Abbrev}' libvulkan1 2>/dev/null | grep -q '^ii'
}

say() { echo "software-vulkan: $*" >&2; }

if ! command -v dpkg-query >/dev/null 2>&1; then
  say "not a Debian system; install Mesa >= $MIN_MESA's Vulkan drivers yourself (webgpu tests skip without an adapter)"
  exit 3
fi
if present; then
  say "mesa-vulkan-drivers $(mesa_version) present"
  exit 0
fi
if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  say "mesa-vulkan-drivers >= $MIN_MESA missing and cannot install (needs root and apt-get); webgpu tests will skip"
  exit 3
fi

. /etc/os-release
target=()
if [[ "${VERSION_CODENAME:-}" == bookworm ]]; then
  suite=bookworm-backports
  if ! grep -rqs -- "$suite" /etc/apt/sources.list /etc/apt/sources.list.d/; then
    say "adding the $suite sources entry (deb.debian.org)"
    cat >/etc/apt/sources.list.d/$suite.sources <<EOF
Types: deb
URIs: http://deb.debian.org/debian
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  fi
  target=(-t "$suite")
fi

say "installing ${PACKAGES[*]} ${target[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq &&
  apt-get install -y -qq --no-install-recommends "${target[@]}" "${PACKAGES[@]}" >/dev/null; }; then
  say "apt-get failed; webgpu tests will skip"
  exit 3
fi
if present; then
  say "mesa-vulkan-drivers $(mesa_version) installed"
else
  say "installed mesa-vulkan-drivers $(mesa_version) is older than $MIN_MESA; Dawn will report no adapter"
  exit 3
fi
