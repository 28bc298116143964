#!/usr/bin/env bash
# Installs Debian's tshark (Wireshark's command-line dissector) for the Wireshark interop e2e
# test, which captures our P2P traffic on loopback and checks that the Bitcoin dissector finds no
# malformed frames. Idempotent: does nothing when tshark is already on PATH. Works as root, or
# through sudo when run as another user.
set -euo pipefail

log() { printf 'install-tshark: %s\n' "$*"; }

if command -v tshark >/dev/null 2>&1; then
  log "already installed: $(command -v tshark) — nothing to do"
  tshark --version 2>/dev/null | head -n 1
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
  log "error: apt-get not found; install tshark (Wireshark CLI) by hand" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# The wireshark-common postinst asks whether non-root users may capture; answer "no" up front so
# the install never prompts (root captures anyway).
echo 'wireshark-common wireshark-common/install-setuid boolean false' | "${as_root[@]}" debconf-set-selections 2>/dev/null || true
started=$(date +%s)
log "running apt-get update"
"${as_root[@]}" apt-get update -qq
log "installing tshark (--no-install-recommends)"
"${as_root[@]}" apt-get install -y -qq --no-install-recommends tshark >/dev/null
log "installed: $(command -v tshark) in $(( $(date +%s) - started )) s"
tshark --version 2>/dev/null | head -n 1
