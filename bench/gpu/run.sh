#!/usr/bin/env bash
# Runs the packed GPU benchmark (bench/gpu/pack.sh) on a GPU machine without network; prints JSON lines and,
# when $OUT is set, tees them into $OUT/gpu-bench.jsonl. Extra arguments go to bench/train-speed.mjs.
# Default: seq_bn, lora and full at the bench shapes and bert-base shapes, on webgpu and the native CPU backend,
# with the PyTorch CUDA yardstick and the ratios.
set -uo pipefail
cd "$(dirname "$0")/../.."
pack=.gpu-bench
lib=/tmp/gpu-bench-root
mkdir -p "$lib"
[ -x "$lib/node" ] || xz -dc "$pack/node.xz" >"$lib/node" && chmod +x "$lib/node"
dawn="$pack/node_modules/webgpu/dist/linux-x64/dawn.node"
[ -f "$dawn" ] || xz -dc "$dawn.xz" >"$dawn"
# Unpacked beside, not into /: only what this machine lacks.
for deb in "$pack"/debs/*.deb; do [ -f "$deb" ] && dpkg -x "$deb" "$lib/root"; done
export LD_LIBRARY_PATH="$lib/root/usr/lib/x86_64-linux-gnu:$lib/root/usr/lib/x86_64-linux-gnu/openblas-pthread:${LD_LIBRARY_PATH:-}"
if ! ldconfig -p | grep -q libvulkan.so.1 && [ -z "${VK_DRIVER_FILES:-}" ] && [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
fi
[ -f "$pack/adapters_native.node" ] && export ADAPTERS_NATIVE_ADDON="$PWD/$pack/adapters_native.node"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--backends webgpu,native --modes seq_bn,lora,full --shapes bench,base --torch-device cuda --steps 5)
"$lib/node" "$pack/train-speed.mjs" "${args[@]}" 2>&1 | grep --line-buffered -v XDG_RUNTIME_DIR | tee "${OUT:-/tmp}/gpu-bench.jsonl"
