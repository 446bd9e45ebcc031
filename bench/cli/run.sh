#!/usr/bin/env bash
# Benchmarks of the MSBuild SDK and the cog command (results are printed, never asserted):
#  1. no-op `dotnet build` of samples/hello vs `dotnet msbuild` of an empty project: what Cog adds (target <= 150 ms);
#  2. `cog run -i name=x` end to end on an unchanged project (target <= 2.0 s).
# Each figure is the median of N runs (default 7; BENCH_RUNS overrides). Needs the engine and the stand-in base image.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
runs=${BENCH_RUNS:-7}
work=$(mktemp -d /tmp/cog-bench-XXXXXX)
trap 'rm -rf "$work"; docker rmi -f cog-cogbench cog-cogbench-dev >/dev/null 2>&1 || true' EXIT

./cog --version >/dev/null   # builds the cog command and packs Cog.Sdk when sources changed

# A copy of samples/hello that resolves Cog.Sdk like a user's folder (local feed + global.json), so the repository's own
# Directory.Build.props and obj/ stay out of the measurement.
model="$work/cogbench"
mkdir -p "$model" "$work/empty"
cp samples/hello/cog.yaml samples/hello/run.py samples/hello/hello.cogproj "$model/"
version=$(sed -n 's:.*<CogVersion>\(.*\)</CogVersion>.*:\1:p' Directory.Build.props | head -n 1)
echo "{ \"msbuild-sdks\": { \"Cog.Sdk\": \"$version\" } }" >"$work/global.json"
echo "<configuration><packageSources><clear /><add key=\"cog-local\" value=\"$repo/artifacts/feed\" /></packageSources></configuration>" >"$work/nuget.config"
echo '<Project><Target Name="Build" /></Project>' >"$work/empty/empty.proj"

median_ms() { # command...: runs it $runs times, prints the median wall time in ms
  local times=() start end
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; return 1; }
    end=$(date +%s%N)
    times+=($(((end - start) / 1000000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

dotnet build "$model/hello.cogproj" -nologo -v:q >/dev/null   # first build: the image
./cog -C "$model" run -i name=warmup >/dev/null 2>&1           # first run: the dev image

empty=$(median_ms dotnet msbuild "$work/empty/empty.proj" -nologo -v:q)
noop=$(median_ms dotnet build "$model/hello.cogproj" -nologo -v:q)
run=$(median_ms ./cog -C "$model" run -i name=x)

echo "bench cli (median of $runs, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
echo "  dotnet msbuild empty project:        ${empty} ms"
echo "  dotnet build samples/hello (no-op):  ${noop} ms   (Cog adds $((noop - empty)) ms; target <= 150 ms)"
echo "  cog run -i name=x (unchanged):       ${run} ms   (target <= 2000 ms)"
