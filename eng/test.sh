#!/usr/bin/env bash
# The one test command: sets up what is missing (Docker engine, stand-in base images, Swagger UI assets),
# builds everything, runs every suite, and ends with `tests: N passed, M failed, K skipped`.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
logs="$repo/artifacts/test-logs"
mkdir -p "$logs"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

total_passed=0 total_failed=0 total_skipped=0
summary=()

count() { # suite passed failed skipped
  summary+=("$(printf '%-22s %4d passed, %d failed, %d skipped' "$1" "$2" "$3" "$4")")
  total_passed=$((total_passed + $2)); total_failed=$((total_failed + $3)); total_skipped=$((total_skipped + $4))
}

finish() {
  if [ -n "${started_docker:-}" ]; then bash eng/setup-docker.sh --stop >/dev/null 2>&1 || true; fi
  echo
  echo "== summary =="
  for line in "${summary[@]}"; do echo "$line"; done
  echo "tests: $total_passed passed, $total_failed failed, $total_skipped skipped"
  [ "$total_failed" -eq 0 ]
  exit $?
}

step() { echo; echo "== $* =="; }

step "Docker engine"
if docker info >/dev/null 2>&1; then
  echo "engine already running"
else
  started_docker=1
fi
if ! bash eng/setup-docker.sh; then
  echo "error: could not start a Docker engine (see the log above)"; count "docker-setup" 0 1 0; finish
fi

step "Stand-in base images"
if ! bash eng/offline-images.sh; then count "offline-images" 0 1 0; finish; fi

step "Registry tools (docker-registry, htpasswd)"
if ! bash eng/setup-registry-tools.sh; then count "registry-tools" 0 1 0; finish; fi

if [ -f eng/swagger-ui.sh ]; then
  step "Swagger UI assets"
  bash eng/swagger-ui.sh || { count "swagger-ui" 0 1 0; finish; }
fi

step "Pack Cog.Sdk into the local feed (the samples in Cog.sln build with it)"
if ! bash eng/pack.sh; then count "pack" 0 1 0; finish; fi

step "Build"
if ! dotnet build Cog.sln -nologo -v:minimal 2>&1 | tee "$logs/build.log"; then
  count "build" 0 1 0; finish
fi

run_dotnet_suite() { # name project
  local name=$1 project=$2 out="$logs/$1.log"
  step "$name"
  dotnet test "$project" --no-build -nologo -v:minimal 2>&1 | tee "$out"
  local line
  line=$(grep -E '^(Passed|Failed)!' "$out" | tail -n 1)
  if [ -z "$line" ]; then count "$name" 0 1 0; return; fi
  local f p s
  f=$(sed -E 's/.*Failed: *([0-9]+).*/\1/' <<<"$line")
  p=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$line")
  s=$(sed -E 's/.*Skipped: *([0-9]+).*/\1/' <<<"$line")
  count "$name" "$p" "$f" "$s"
}

run_dotnet_suite "unit (MSTest)" tests/Cog.Build.Tasks.Tests/Cog.Build.Tasks.Tests.csproj
run_dotnet_suite "sdk (MSTest)" tests/Cog.Sdk.Tests/Cog.Sdk.Tests.csproj
run_dotnet_suite "integration (MSTest)" tests/Cog.IntegrationTests/Cog.IntegrationTests.csproj

step "runtime (Python unittest)"
python3 eng/run-python-tests.py 2>&1 | tee "$logs/python.log"
line=$(grep -E '^python-counts:' "$logs/python.log" | tail -n 1)
if [ -n "$line" ]; then
  read -r _ p f s <<<"$line"; count "runtime (unittest)" "$p" "$f" "$s"
else
  count "runtime (unittest)" 0 1 0
fi

if [ -f tests/browser/run.sh ]; then
  step "/docs in headless Chromium"
  bash tests/browser/run.sh 2>&1 | tee "$logs/browser.log"
  line=$(grep -E '^browser-counts:' "$logs/browser.log" | tail -n 1)
  if [ -n "$line" ]; then
    read -r _ p f s <<<"$line"; count "docs (Chromium)" "$p" "$f" "$s"
  else
    count "docs (Chromium)" 0 1 0
  fi
fi

finish
