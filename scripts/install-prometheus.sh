#!/usr/bin/env bash
# Installs Debian's prometheus package (which ships `prometheus` and `promtool`) for the
# monitoring e2e test and local dashboards. Idempotent: does nothing when both binaries are
# already on PATH.
set -euo pipefail
LOG_PREFIX=install-prometheus
. "$(dirname "$0")/lib/apt-install.sh"

if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
  log "already installed: $(command -v prometheus), $(command -v promtool) — nothing to do"
else
  # The package starts no daemon without systemd; tests run their own instance on a free port.
  apt_install prometheus
fi
prometheus --version 2>&1 | head -n 1
