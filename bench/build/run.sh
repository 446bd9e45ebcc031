#!/usr/bin/env bash
# Build benchmark for samples/hello (or the folder given): context size, cold build, no-change and code-change rebuilds.
#   bash bench/build/run.sh [MODEL_DIR]
# Needs a running engine and the python stand-in image: bash eng/setup-docker.sh && bash eng/offline-images.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
model="${1:-$root/samples/hello}"
dotnet run --project "$here/BuildBench.csproj" --artifacts-path "${COG_BENCH_ARTIFACTS:-/tmp/art-bench-build}" -c Release -- "$model" "$root/src/Cog.Runtime/cog"
