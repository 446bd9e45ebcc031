#!/usr/bin/env bash
# Makes sure a Docker engine answers on this machine; starts one if needed.
#   bash eng/setup-docker.sh          start (idempotent)
#   bash eng/setup-docker.sh --stop   stop the engine only if this script started it
# State (pid file, log) lives in $COG_DOCKER_STATE (default /var/lib/cog-dockerd-state) so the
# stop step never touches an engine somebody else runs.
set -euo pipefail

STATE_DIR="${COG_DOCKER_STATE:-/var/lib/cog-dockerd-state}"
PID_FILE="$STATE_DIR/dockerd.pid"
LOG_FILE="$STATE_DIR/dockerd.log"

log() { echo "setup-docker: $*" >&2; }

engine_answers() { docker info >/dev/null 2>&1; }

stop_engine() {
  if [[ ! -f "$PID_FILE" ]]; then
    log "no engine was started by this script; nothing to stop"
    return 0
  fi
  local pid; pid="$(cat "$PID_FILE")"
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping dockerd (pid $pid)"
    kill -TERM "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && { log "dockerd did not stop in 30s; sending KILL"; kill -KILL "$pid" || true; }
  fi
  rm -f "$PID_FILE"
}

if [[ "${1:-}" == "--stop" ]]; then stop_engine; exit 0; fi

if engine_answers; then
  log "engine already answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null))"
  exit 0
fi

# Install what is missing: the engine, debootstrap (for offline base images), and a local registry for push tests.
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
[[ -x /usr/bin/docker-registry ]] || missing+=(docker-registry)
if (( ${#missing[@]} )); then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
  # policy-rc.d keeps the package scripts from launching services; we start dockerd ourselves.
  policy_created=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; policy_created=1
  fi
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" iptables ca-certificates >/dev/null
  (( policy_created )) && rm -f /usr/sbin/policy-rc.d
fi

mkdir -p "$STATE_DIR"
if [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
  log "dockerd (pid $(cat "$PID_FILE")) is running but not answering yet; waiting"
else
  # Reap a stale socket/pid left by a dockerd that died, otherwise the new one refuses to start.
  [[ -S /var/run/docker.sock ]] && ! engine_answers && rm -f /var/run/docker.sock
  rm -f /var/run/docker.pid
  log "starting dockerd (log: $LOG_FILE)"
  # setsid: the engine must outlive the shell that ran this script.
  setsid dockerd --host=unix:///var/run/docker.sock >>"$LOG_FILE" 2>&1 < /dev/null &
  echo $! > "$PID_FILE"
fi

for _ in $(seq 1 60); do
  if engine_answers; then
    log "engine answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null), pid $(cat "$PID_FILE"))"
    exit 0
  fi
  if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    log "dockerd exited; last log lines:"; tail -n 30 "$LOG_FILE" >&2; rm -f "$PID_FILE"; exit 1
  fi
  sleep 1
done
log "dockerd did not answer within 60s; last log lines:"; tail -n 30 "$LOG_FILE" >&2
exit 1
