#!/usr/bin/env bash
# GPU check for the webgpu backend, for a machine with a GPU (under five minutes; see docs/training.md):
# adapter and backend selection, equivalence with wasm (and PyTorch when importable), step/sampling
# timings on webgpu vs wasm. Writes $OUT/gpu-check.json when OUT is set, else bench/results/gpu-check.json.
# Needs the workspace installed and built (`pnpm install && pnpm build`); builds when dist/ is missing.
# Dawn finds the GPU through Vulkan: the vendor's Vulkan driver (ICD) and libvulkan.so.1 must be there
# (NVIDIA containers: NVIDIA_DRIVER_CAPABILITIES must include graphics). Without a GPU it measures
# Mesa's software Vulkan (.ci/software-vulkan.sh installs it), labelled as such.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${XDG_RUNTIME_DIR:-}" ]]; then XDG_RUNTIME_DIR="$(mktemp -d)"; export XDG_RUNTIME_DIR; fi
if [[ ! -d node_modules ]]; then pnpm install --frozen-lockfile; fi
if [[ ! -f packages/trainer/dist/index.js ]]; then pnpm run build; fi
export BENCH_WEBGPU_BUDGET_S="${BENCH_WEBGPU_BUDGET_S:-15}"
exec timeout 290 node bench/gpu-check.mjs
