# Shared by the install-*.sh scripts: install Debian packages as root, or through sudo when run
# as another user. Source it, set LOG_PREFIX, then call `apt_install PACKAGE...`.

log() { printf '%s: %s\n' "${LOG_PREFIX:-install}" "$*"; }

apt_install() {
  local as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      as_root=(sudo)
      log "not root: using sudo"
    else
      log "error: must run as root, or have sudo available" >&2
      return 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    log "error: apt-get not found; install $* by hand" >&2
    return 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  if [ -n "${APT_PRESEED:-}" ]; then
    printf '%s\n' "$APT_PRESEED" | "${as_root[@]}" debconf-set-selections 2>/dev/null || true
  fi
  local started
  started=$(date +%s)
  log "running apt-get update"
  "${as_root[@]}" apt-get update -qq
  log "installing $* (--no-install-recommends)"
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  log "installed $* in $(( $(date +%s) - started )) s"
}
