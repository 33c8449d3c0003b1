#!/usr/bin/env bash
# Packs what a bare CUDA machine (PyTorch there, no Node) needs to train ganimate: this machine's node binary, the
# npm packages that training loads (sharp and its libvips, detect-libc, semver, face-api's recognition weights,
# node-addon-api's headers), Node-API's C headers, the compiled JS (dist/), the addon's sources, and the run's
# starting weights (a folder's G.safetensors, or its G-ema.safetensors where it has no G, and D.safetensors).
# Usage: tools/gpu/pack-tools.sh OUT_DIR [weights folder, default training-state/flow-change-eased]
set -euo pipefail
out=${1:?OUT_DIR}
state=${2:-training-state/flow-change-eased}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
stage=$(mktemp -d)
mkdir -p "$stage/ga/node_modules/@vladmandic/face-api/model" "$stage/ga/napi" "$stage/ga/state" "$stage/bin"
cp "$(command -v node)" "$stage/bin/node"
cp -r package.json bin dist native "$stage/ga/"
rm -rf "$stage/ga/native/build" "$stage/ga/dist/tests" "$stage/ga/dist/tmp" "$stage/ga/dist/bench"
for m in sharp @img detect-libc semver node-addon-api; do cp -r "node_modules/$m" "$stage/ga/node_modules/"; done
cp node_modules/@vladmandic/face-api/package.json "$stage/ga/node_modules/@vladmandic/face-api/"
cp node_modules/@vladmandic/face-api/model/face_recognition_model* "$stage/ga/node_modules/@vladmandic/face-api/model/"
cp /usr/include/node/{node_api.h,node_api_types.h,js_native_api.h,js_native_api_types.h} "$stage/ga/napi/"
g="$state/G.safetensors"; [ -f "$g" ] || g="$state/G-ema.safetensors"
cp "$g" "$stage/ga/state/G.safetensors"
cp "$state/D.safetensors" "$stage/ga/state/D.safetensors"
mkdir -p "$out"
tar -C "$stage" -cf - . | xz -T2 -6 > "$out/tools.tar.xz"
rm -rf "$stage"
ls -l "$out/tools.tar.xz"
