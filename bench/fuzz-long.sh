#!/usr/bin/env bash
# The fuzz suite in its long mode: many more mutated inputs per parser than CI runs (default 200).
# Usage: bench/fuzz-long.sh [runs per parser, default 5000] [seed, default 19]
set -euo pipefail
cd "$(dirname "$0")/.."
ADAPTERS_FUZZ_RUNS="${1:-5000}" ADAPTERS_FUZZ_SEED="${2:-19}" npx vitest run tooling/test-utils/src/fuzz
