#!/usr/bin/env bash
# Installs Debian's tshark (Wireshark's command-line dissector) for the Wireshark interop e2e
# test, which captures our P2P traffic on loopback and checks that the Bitcoin dissector finds no
# malformed frames. Idempotent: does nothing when tshark is already on PATH.
set -euo pipefail
LOG_PREFIX=install-tshark
. "$(dirname "$0")/lib/apt-install.sh"

if command -v tshark >/dev/null 2>&1; then
  log "already installed: $(command -v tshark) — nothing to do"
else
  # wireshark-common asks whether non-root users may capture: answer "no" up front (root captures anyway).
  APT_PRESEED='wireshark-common wireshark-common/install-setuid boolean false' apt_install tshark
fi
tshark --version 2>/dev/null | head -n 1
