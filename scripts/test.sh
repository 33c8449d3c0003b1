#!/usr/bin/env bash
# `npm test`: installs what the tests need when it is missing (libtorch-dev for the engine, libgloo-dev for its
# data-parallel training,
# python3-torch, python3-scipy and python3-torchvision for reference runs, ffmpeg for MP4 output, chromium for the web app's browser test), builds the addon and the TypeScript, runs
# every unit and parity suite.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
if [ -z "${LIBTORCH:-}" ] && [ ! -f /usr/include/torch/csrc/api/include/torch/torch.h ]; then need+=(libtorch-dev); fi
# gloo's headers: c10d's ProcessGroupGloo.hpp includes them (data-parallel training)
if [ -z "${LIBTORCH:-}" ] && [ ! -f /usr/include/gloo/algorithm.h ]; then need+=(libgloo-dev); fi
if ! /usr/bin/python3 -c 'import torch, scipy, torchvision' 2>/dev/null; then need+=(python3-torch python3-scipy python3-torchvision); fi
if ! command -v ffmpeg >/dev/null; then need+=(ffmpeg); fi
if [ ! -x /usr/bin/chromium ]; then need+=(chromium); fi
if [ ${#need[@]} -gt 0 ]; then
  echo "ganimate test: installing ${need[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
  else
    sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
  fi
fi

[ -d node_modules/typescript ] || npm ci

addon=native/build/Release/ganimate_torch.node
if [ ! -f "$addon" ] || [ -n "$(find native/src native/binding.gyp -newer "$addon" 2>/dev/null)" ]; then
  npm run build:native
fi

rm -rf dist
node node_modules/typescript/bin/tsc -p .
# test files side by side, one per core up to four, each process's engine on its share of the cores (OMP_NUM_THREADS,
# which useThreads(0) reads). Measured on a 2-core AMD EPYC: 505 s, against 751 s one file after another and 607 s for
# two side by side on two engine threads each
cores=$(nproc)
jobs=$(( cores < 4 ? cores : 4 ))
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-$(( cores / jobs ))}
node --test --test-concurrency="$jobs" --test-reporter=spec dist/src dist/tests
