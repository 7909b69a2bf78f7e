#!/usr/bin/env bash
# Packs the GPU benchmark into .gpu-bench/ (git-ignored, ~40 MB) for a GPU machine that has Python with CUDA
# torch but no Node and no network: the Node binary, bench/train-speed.mjs bundled into one file, Dawn
# (webgpu's dawn.node), the native addon, the PyTorch yardstick, and the Vulkan loader and OpenBLAS .debs.
# Then, on that machine, from the repository root: bash bench/gpu/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
out=.gpu-bench
rm -rf "$out"
mkdir -p "$out/node_modules/webgpu/dist/linux-x64" "$out/debs"
npx turbo run build --filter=@adapters/auto --filter=@adapters/backend-native --output-logs=errors-only
# One tfjs-core for everything (its ESM build); webgpu stays external: dawn.node is loaded from its folder.
npx esbuild bench/gpu/bundle-entry.mjs --bundle --platform=node --format=esm --main-fields=module,main \
  --external:webgpu --log-level=error --outfile="$out/train-speed.mjs" \
  --banner:js="import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);"
cp bench/torch-train-bench.py "$out/"
cp node_modules/webgpu/package.json node_modules/webgpu/index.js "$out/node_modules/webgpu/"
xz -T2 -c node_modules/webgpu/dist/linux-x64/dawn.node >"$out/node_modules/webgpu/dist/linux-x64/dawn.node.xz"
xz -T2 -c "$(command -v node)" >"$out/node.xz"
addon=packages/backend-native/build/Release/adapters_native.node
if [ -f "$addon" ]; then cp "$addon" "$out/"; fi
# The Vulkan loader and OpenBLAS (for the
# native addon) come as .debs; run.sh unpacks them beside, never into /
(cd "$out/debs" && apt-get download libvulkan1 libopenblas0-pthread libgfortran5 >/dev/null 2>&1) || echo "apt-get download failed: carry libvulkan1 yourself"
du -sh "$out"
