#!/usr/bin/env bash
# Builds local stand-ins for the public base images the generated Dockerfiles start FROM, because
# this machine cannot pull from Docker Hub. The stand-in is Debian (minbase, via debootstrap) with
# Debian's own python3 + pip, shaped like the official python:X.Y-slim image (PATH, LANG, CMD,
# `pip install` allowed as root). Only the Python version Debian ships can be built honestly, so only
# that tag is produced per Debian release; every stand-in carries the label org.cogdotnet.standin=true.
#   bash eng/offline-images.sh            build what is missing (skips existing images)
#   bash eng/offline-images.sh --force    rebuild even if the image exists
# COG_STANDIN_SUITES lists the Debian releases to build from (default: this machine's, e.g. bookworm -> python:3.11-slim);
# COG_STANDIN_SUITES="bookworm trixie" also builds python:3.13-slim (Python 3.13 from trixie), about two minutes more.
set -euo pipefail

FORCE=0; [[ "${1:-}" == "--force" ]] && FORCE=1
log() { echo "offline-images: $*" >&2; }

docker info >/dev/null 2>&1 || { log "no Docker engine answers; run eng/setup-docker.sh first"; exit 1; }

. /etc/os-release
SUITE="${VERSION_CODENAME:?cannot tell the Debian codename from /etc/os-release}"

# Find the mirror (and its keyring) that serves "$SUITE" in the machine's apt configuration.
find_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    # deb822: stanzas separated by blank lines; we want Types: deb with $SUITE among Suites.
    awk -v suite="$SUITE" '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ") && uri != "") { split(uri, u, " "); print u[1] "\t" key; found=1; exit }
        types=""; suites=""; uri=""; key=""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      tolower($1) == "types:"     { $1=""; types=$0 }
      tolower($1) == "uris:"      { $1=""; uri=$0; gsub(/^ +/, "", uri) }
      tolower($1) == "suites:"    { $1=""; suites=$0; gsub(/^ +| +$/, "", suites) }
      tolower($1) == "signed-by:" { key=$2 }
      END { if (!found) flush() }
    ' "$f" | head -n1
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    # one-line format: deb [opts] URI SUITE COMPONENTS...
    awk -v suite="$SUITE" '$1 == "deb" {
        i = 2; key = ""
        if ($2 ~ /^\[/) { while ($i !~ /\]$/) { if ($i ~ /signed-by=/) { key=$i; sub(/.*signed-by=/, "", key) } i++ }
                          if ($i ~ /signed-by=/) { key=$i; sub(/.*signed-by=/, "", key); sub(/\]$/, "", key) } i++ }
        if ($(i+1) == suite) { print $i "\t" key; exit }
      }' "$f" | head -n1
  done
}

MIRROR_LINE="$(find_mirror | head -n1)"
[[ -n "$MIRROR_LINE" ]] || { log "no apt source for suite '$SUITE' found in /etc/apt/sources.list or sources.list.d"; exit 1; }
MIRROR="${MIRROR_LINE%%$'\t'*}"
KEYRING="${MIRROR_LINE#*$'\t'}"
[[ -n "$KEYRING" && -f "$KEYRING" ]] || KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

command -v debootstrap >/dev/null 2>&1 || { log "debootstrap is missing; run eng/setup-docker.sh (it installs it)"; exit 1; }

build_python_standin() {
  local suite="$1" work rootfs pyver tag
  work="$(mktemp -d /var/tmp/cog-standin.XXXXXX)"
  # debootstrap mounts /proc and /sys inside the rootfs; unmount before deleting so a failed run never walks into them.
  trap 'for m in proc sys dev/pts; do umount -l "$work/rootfs/$m" 2>/dev/null || true; done; rm -rf --one-file-system "$work"' RETURN
  rootfs="$work/rootfs"
  log "debootstrap $suite from $MIRROR (this takes a few minutes)"
  debootstrap --variant=minbase --keyring="$KEYRING" \
    --include=python3,python3-pip,python3-venv,python-is-python3,ca-certificates \
    "$suite" "$rootfs" "$MIRROR" > "$work/debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap.log" >&2; return 1; }

  pyver="$(chroot "$rootfs" python3 -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')"
  tag="python:${pyver%.*}-slim"
  log "rootfs has Python $pyver -> tagging $tag"

  # Like the official image: root may `pip install` into the system interpreter.
  rm -f "$rootfs"/usr/lib/python3*/EXTERNALLY-MANAGED
  # The official image keeps python/pip under /usr/local/bin; scripts that hard-code those paths still work.
  for exe in python python3 pip pip3; do
    [[ -e "$rootfs/usr/local/bin/$exe" ]] || ln -s "/usr/bin/$exe" "$rootfs/usr/local/bin/$exe"
  done
  # Slim: no docs, manuals, apt lists or downloaded packages.
  rm -rf "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
         "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin \
         "$rootfs"/var/log/* "$rootfs"/tmp/*
  # The container's apt should use the same mirror the host uses.
  printf 'deb %s %s main\n' "$MIRROR" "$suite" > "$rootfs/etc/apt/sources.list"

  tar -C "$rootfs" --numeric-owner -c . | docker import \
    --change 'LABEL org.cogdotnet.standin=true' \
    --change "LABEL org.cogdotnet.standin.source=debian-$suite-python3" \
    --change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change "ENV PYTHON_VERSION=$pyver" \
    --change 'ENV PIP_BREAK_SYSTEM_PACKAGES=1' \
    --change 'CMD ["python3"]' \
    - "$tag" >/dev/null
  log "built $tag ($(docker image inspect --format '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}'))"
}

# One stand-in per Debian release: python:<the version that release ships>-slim is the only tag it can honestly carry.
# Only images named python:… count: images built FROM a stand-in inherit its labels.
for suite in ${COG_STANDIN_SUITES:-$SUITE}; do
  existing="$(docker images python --filter "label=org.cogdotnet.standin.source=debian-$suite-python3" --format '{{.Repository}}:{{.Tag}}' | head -n1)"
  if [[ -n "$existing" && $FORCE == 0 ]]; then
    log "stand-in already present: $existing (use --force to rebuild)"
  else
    build_python_standin "$suite"
  fi
done
