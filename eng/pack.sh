#!/usr/bin/env bash
# Packs Cog.Sdk into artifacts/feed (the local feed samples/nuget.config points at) and makes NuGet's cache agree with it.
# The version stays $(CogVersion) (global.json pins it for the samples), so NuGet would keep serving a stale copy from
# ~/.nuget/packages/cog.sdk/<version>/: when the payload's hash changed, that folder is deleted and restored from the feed.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
artifacts="$repo/artifacts/launcher"
feed="$repo/artifacts/feed"
version=$(sed -n 's:.*<CogVersion>\(.*\)</CogVersion>.*:\1:p' Directory.Build.props | head -n 1)
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
cached="$packages/cog.sdk/$version"

mkdir -p "$feed" "$artifacts"
exec 8>"$artifacts/.pack-lock"
flock 8

dotnet pack src/Cog.Sdk/Cog.Sdk.csproj -c Release --artifacts-path "$artifacts" -o "$feed" -nologo -v:q -clp:NoSummary

# The package's content (names and CRCs of its files, minus the parts pack makes unique every time).
hash=$(python3 - "$feed/Cog.Sdk.$version.nupkg" <<'PY'
import hashlib, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as package:
    entries = sorted((i.filename, i.CRC) for i in package.infolist() if not i.filename.endswith(".psmdcp") and not i.filename.startswith("_rels/"))
print(hashlib.sha256(repr(entries).encode()).hexdigest())
PY
)
if [ "$(cat "$cached/.cog-payload" 2>/dev/null || true)" != "$hash" ]; then
  rm -rf "$cached"
  # Let NuGet's own SDK resolver restore the package from the feed, exactly as a sample build would.
  probe=$(mktemp -d)
  trap 'rm -rf "$probe"' EXIT
  cat >"$probe/nuget.config" <<XML
<configuration><packageSources><clear /><add key="cog-local" value="$feed" /></packageSources></configuration>
XML
  echo "<Project Sdk=\"Cog.Sdk/$version\"><Target Name=\"Probe\" /></Project>" >"$probe/probe.proj"
  dotnet msbuild "$probe/probe.proj" -t:Probe -nologo -v:q
  echo "$hash" >"$cached/.cog-payload"
  echo "Cog.Sdk $version: payload changed, NuGet cache refreshed ($cached)"
else
  echo "Cog.Sdk $version: payload unchanged"
fi
