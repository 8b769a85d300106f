#!/usr/bin/env bash
# A foreground redis-server bound to 127.0.0.1, its data (append-only file) under one folder.
#
#   redis.sh PORT DATA_DIR
#
# The password comes from REDIS_PASSWORD and goes only into DATA_DIR/redis.conf (mode 600), never onto the
# command line, where `ps` and the dashboard would show it.
set -euo pipefail
port="${1:?usage: redis.sh PORT DATA_DIR}"
data="$(realpath -m "${2:?usage: redis.sh PORT DATA_DIR}")"
: "${REDIS_PASSWORD:?REDIS_PASSWORD is not set}"
command -v redis-server >/dev/null || { echo "redis.sh: redis-server not found; install Debian's redis-server (eng/bootstrap.sh does)" >&2; exit 127; }

umask 077
mkdir -p "$data"
cat > "$data/redis.conf" <<CONF
bind 127.0.0.1
port $port
protected-mode yes
dir $data
appendonly yes
appendfsync everysec
save ""
daemonize no
logfile ""
requirepass $REDIS_PASSWORD
CONF
unset REDIS_PASSWORD
exec redis-server "$data/redis.conf"
