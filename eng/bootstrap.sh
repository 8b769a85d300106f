#!/usr/bin/env bash
# Installs what the suite and its tests need and is missing, from Debian's packages and npm only.
# Safe to run again: it does nothing when everything is there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf 'bootstrap: %s\n' "$*"; }
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "bootstrap: root is needed for: $*" >&2; exit 1; fi
}

command -v dotnet >/dev/null || { echo "bootstrap: the .NET 10 SDK is not on PATH; install it first (https://dot.net)" >&2; exit 1; }

packages=()
command -v redis-server >/dev/null || packages+=(redis-server)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || packages+=(rabbitmq-server)
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
command -v git >/dev/null || packages+=(git)
command -v python3 >/dev/null || packages+=(python3)
# The tests compare our Jinja engine with Python's jinja2 (chat templates are written for it).
python3 -c 'import jinja2' 2>/dev/null || packages+=(python3-jinja2)
# The tests drive the Aspire dashboard in a real browser (Playwright with Debian's chromium, nothing downloaded).
if [ "${1:-}" = "--tests" ]; then
  command -v chromium >/dev/null || packages+=(chromium)
fi

if [ ${#packages[@]} -gt 0 ]; then
  log "installing ${packages[*]} (apt)"
  # Debian's maintainer scripts start redis and rabbitmq as system services; the suite runs its own
  # instances, so tell invoke-rc.d not to start anything while we install.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod +x "$policy"
    trap 'as_root rm -f "$policy"' EXIT
  fi
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

s3rver="$root/eng/s3rver"
if [ ! -f "$s3rver/node_modules/s3rver/package.json" ]; then
  log "installing s3rver (npm)"
  npm ci --prefix "$s3rver" --no-audit --no-fund --loglevel=error >/dev/null
fi
sh "$s3rver/patch-s3rver.sh" "$s3rver/node_modules/s3rver/lib"

node_client="$root/tests/Serving.IntegrationTests/node"
if [ ! -f "$node_client/node_modules/openai/package.json" ]; then
  log "installing the openai npm package for serving's tests"
  npm ci --prefix "$node_client" --no-audit --no-fund --loglevel=error >/dev/null
fi

log "ready"
