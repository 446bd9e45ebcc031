#!/usr/bin/env bash
# Installs the pinned Swagger UI assets that `GET /docs` serves into the runtime payload
# (src/Cog.Runtime/cog/server/static/swagger-ui/, gitignored). Idempotent; the npm tarball is cached and its
# integrity checked against the pin, and npm install scripts never run (the package's dependency is telemetry only).
# Usage: eng/swagger-ui.sh [DEST_DIR]
set -euo pipefail

VERSION=5.34.1
INTEGRITY=sha512-VSr8fXfI93obYaQicLJbLUKGRxDojj/SfRJDDLCioGTUBj4BK/Nj4eE9jCeCAnJxVLi7iS+08PbiZLyrQKBkJQ==
FILES=(swagger-ui.css swagger-ui-bundle.js favicon-32x32.png favicon-16x16.png LICENSE)

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest=${1:-$root/src/Cog.Runtime/cog/server/static/swagger-ui}
cache=${COG_SWAGGER_UI_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/cog-dotnet/swagger-ui-dist}
tarball=$cache/swagger-ui-dist-$VERSION.tgz

installed() {
  [ "$(cat "$dest/VERSION" 2>/dev/null)" = "$VERSION" ] || return 1
  for f in "${FILES[@]}"; do [ -s "$dest/$f" ] || return 1; done
}

if installed; then
  echo "swagger-ui-dist $VERSION already in $dest"
  exit 0
fi

integrity_ok() {
  python3 - "$1" "$INTEGRITY" <<'PY'
import base64, hashlib, sys
path, expected = sys.argv[1], sys.argv[2]
digest = "sha512-" + base64.b64encode(hashlib.sha512(open(path, "rb").read()).digest()).decode()
sys.exit(0 if digest == expected else 1)
PY
}

mkdir -p "$cache"
if [ ! -f "$tarball" ] || ! integrity_ok "$tarball"; then
  command -v npm >/dev/null || { echo "error: npm is needed to fetch swagger-ui-dist $VERSION" >&2; exit 1; }
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack "swagger-ui-dist@$VERSION" --silent --ignore-scripts >/dev/null)
  mv "$work/swagger-ui-dist-$VERSION.tgz" "$tarball"
  integrity_ok "$tarball" || { echo "error: swagger-ui-dist $VERSION tarball does not match the pinned integrity" >&2; rm -f "$tarball"; exit 1; }
fi

mkdir -p "$(dirname "$dest")"
staging=$(mktemp -d "$(dirname "$dest")/.swagger-ui.XXXXXX")
tar -xzf "$tarball" -C "$staging" "${FILES[@]/#/package/}"
mv "$staging/package"/* "$staging/"
rmdir "$staging/package"
echo "$VERSION" > "$staging/VERSION"
rm -rf "$dest"
mv "$staging" "$dest"
chmod 755 "$dest"
echo "installed swagger-ui-dist $VERSION into $dest"
