#!/usr/bin/env bash
# Installs Debian's prometheus package (which ships `prometheus` and `promtool`) for the
# monitoring e2e test and local dashboards. Idempotent: does nothing when both binaries are
# already on PATH. Works as root, or through sudo when run as another user.
set -euo pipefail

log() { printf 'install-prometheus: %s\n' "$*"; }

if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
  log "already installed: $(command -v prometheus), $(command -v promtool) — nothing to do"
  prometheus --version 2>&1 | head -n 1
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
  log "not root: using sudo"
else
  log "error: must run as root, or have sudo available" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  log "error: apt-get not found; install Prometheus 2.x by hand (https://prometheus.io/download/)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
log "running apt-get update"
"${as_root[@]}" apt-get update -qq
log "installing prometheus (--no-install-recommends)"
"${as_root[@]}" apt-get install -y -qq --no-install-recommends prometheus >/dev/null

# The Debian package does not start a daemon inside containers without systemd; tests start
# their own instance on a free loopback port, so nothing else is configured here.
log "installed: $(command -v prometheus), $(command -v promtool)"
prometheus --version 2>&1 | head -n 1
