#!/usr/bin/env bash
# Browser check of GET /docs in headless Debian Chromium: the model's input fields render and "Try it out" runs a
# prediction, with every off-server request refused (the page must work with no internet).
# Usage: tests/browser/run.sh [BASE_URL]
#   no BASE_URL: starts the runtime server (python3 -m cog.server.http) on 127.0.0.1 with tests/browser/model.
#   BASE_URL:    checks an already running server, e.g. a container published on 127.0.0.1.
# Prints "browser docs check: passed …", "… FAILED: …" (exit 1) or "… skipped: <reason>" (exit 0, Chromium unavailable),
# then "browser-counts: PASSED FAILED SKIPPED" for eng/test.sh.
set -uo pipefail

PLAYWRIGHT_CORE_VERSION=1.65.1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${COG_BROWSER_OUT:-$root/artifacts/browser}
cache=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/cog-dotnet
mkdir -p "$out"

skip() { echo "browser docs check skipped: $*"; echo "browser-counts: 0 0 1"; exit 0; }
fail() { echo "browser docs check: FAILED: $*"; echo "browser-counts: 0 1 0"; exit 1; }

chromium=${CHROMIUM:-$(command -v chromium || true)}
if [ -z "$chromium" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; } >"$out/apt.log" 2>&1 \
      || skip "chromium could not be installed with apt-get (log: $out/apt.log)"
    chromium=$(command -v chromium) || skip "chromium installed but not on PATH"
  else
    skip "chromium is not installed and cannot be installed here (needs root and apt-get)"
  fi
fi
"$chromium" --version >/dev/null 2>&1 || skip "$chromium does not start"
command -v node >/dev/null && command -v npm >/dev/null || fail "node and npm are needed to drive the browser"

"$root/eng/swagger-ui.sh" >"$out/swagger-ui.log" 2>&1 || fail "Swagger UI assets could not be installed (log: $out/swagger-ui.log)"

playwright=$cache/playwright-core-$PLAYWRIGHT_CORE_VERSION
if [ ! -f "$playwright/node_modules/playwright-core/package.json" ]; then
  # playwright-core is only the driver; it never downloads a browser (we point it at Debian's chromium).
  npm install --prefix "$playwright" --no-audit --no-fund --ignore-scripts --no-save \
    "playwright-core@$PLAYWRIGHT_CORE_VERSION" >"$out/npm.log" 2>&1 \
    || fail "playwright-core $PLAYWRIGHT_CORE_VERSION could not be installed (log: $out/npm.log)"
fi

base=${1:-}
if [ -z "$base" ]; then
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  (cd "$here/model" && PYTHONPATH="$root/src/Cog.Runtime" COG_PREDICT_TYPE_STUB=run.py:Runner PORT=$port \
    exec python3 -m cog.server.http --host 127.0.0.1) >"$out/server.log" 2>&1 &
  server_pid=$!
  trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null' EXIT
  base=http://127.0.0.1:$port
  python3 - "$base" <<'PY' || fail "the runtime server did not become READY (log: $out/server.log)"
import json, sys, time, urllib.request
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(sys.argv[1] + "/health-check", timeout=2) as r:
            if json.load(r).get("status") == "READY":
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.2)
sys.exit(1)
PY
  export COG_DOCS_EXPECT_OUTPUT=${COG_DOCS_EXPECT_OUTPUT-'"hello browser check"'}
fi

line=$(PLAYWRIGHT_CORE="$playwright/node_modules/playwright-core" CHROMIUM="$chromium" \
  node "$here/check.js" "$base" "$out" 2>"$out/check.log")
status=$?
line=${line:-failed: no result (log: $out/check.log)}
if [ $status -eq 0 ]; then
  echo "browser docs check: $line (screenshots: $out)"
  echo "browser-counts: 1 0 0"
else
  echo "browser docs check: FAILED: ${line#failed: } (screenshots: $out)"
  echo "browser-counts: 0 1 0"
fi
exit $status
