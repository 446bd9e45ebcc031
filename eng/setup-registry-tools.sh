#!/usr/bin/env bash
# Installs what the push/login integration tests need: Debian's registry (docker-registry) and htpasswd (apache2-utils) for
# the bcrypt password file the registry's htpasswd auth requires. Idempotent; the registry is started by the test fixture,
# never as a service.
set -euo pipefail
missing=()
command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null || { apt-get update >/dev/null && apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
fi
# The Debian package ships an init script; the tests start their own registry on a free loopback port instead.
if command -v service >/dev/null 2>&1; then service docker-registry stop >/dev/null 2>&1 || true; fi
command -v docker-registry >/dev/null && command -v htpasswd >/dev/null
