#!/usr/bin/env bash
# A foreground RabbitMQ node from Debian's rabbitmq-server package, isolated under one data folder:
# no systemd, no root service, no shared epmd, nothing left running when it stops.
#
#   rabbitmq.sh AMQP_PORT DATA_DIR [MANAGEMENT_PORT]
#
# Credentials come from RABBITMQ_DEFAULT_USER / RABBITMQ_DEFAULT_PASS (the variables the official image
# reads) and are written only into DATA_DIR/rabbitmq.conf (mode 600); they are never printed.
# Everything else (mnesia, logs, cookie, expanded plugins) lives under DATA_DIR; logs go to stdout.
# A private epmd listens on AMQP_PORT+40000 (wrapped into 1024..65535) and stops with the node.
# SIGTERM/SIGINT stop the node cleanly (~2 s). If this script is killed outright, a watchdog stops the node.
# RABBITMQ_FIREHOSE=true turns RabbitMQ's firehose tracer on (tests read every message from amq.rabbitmq.trace).
set -euo pipefail
port="${1:?usage: rabbitmq.sh AMQP_PORT DATA_DIR [MANAGEMENT_PORT]}"
data="$(realpath -m "${2:?usage: rabbitmq.sh AMQP_PORT DATA_DIR [MANAGEMENT_PORT]}")"
management="${3:-}"
: "${RABBITMQ_DEFAULT_USER:?RABBITMQ_DEFAULT_USER is not set}"
: "${RABBITMQ_DEFAULT_PASS:?RABBITMQ_DEFAULT_PASS is not set}"

server=/usr/lib/rabbitmq/bin/rabbitmq-server
[ -x "$server" ] || { echo "rabbitmq.sh: $server not found; install Debian's rabbitmq-server (eng/bootstrap.sh does)" >&2; exit 127; }

umask 077
mkdir -p "$data/mnesia" "$data/log" "$data/home"
wrap() { local p=$(( $1 % 65536 )); [ "$p" -lt 1024 ] && p=$(( p + 1024 )); echo "$p"; }

export HOME="$data/home"                                   # .erlang.cookie lives here
export RABBITMQ_NODENAME="rmq$port@localhost"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT="$port"
export RABBITMQ_DIST_PORT="${RABBITMQ_DIST_PORT:-$(wrap $((port + 20000)))}"
export ERL_EPMD_PORT="${ERL_EPMD_PORT:-$(wrap $((port + 40000)))}"
export ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_MNESIA_BASE="$data/mnesia"
export RABBITMQ_LOG_BASE="$data/log"
export RABBITMQ_LOGS=-
export RABBITMQ_CONF_ENV_FILE=/dev/null                    # ignore /etc/rabbitmq/rabbitmq-env.conf
export RABBITMQ_CONFIG_FILE="$data/rabbitmq"               # -> $data/rabbitmq.conf
export RABBITMQ_ENABLED_PLUGINS_FILE="$data/enabled_plugins"
export RABBITMQ_PLUGINS_EXPAND_DIR="$data/plugins-expand"
export RABBITMQ_PID_FILE="$data/rabbit.pid"
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"

{
  printf 'default_user = %s\ndefault_pass = %s\nloopback_users = none\n' "$RABBITMQ_DEFAULT_USER" "$RABBITMQ_DEFAULT_PASS"
  if [ -n "$management" ]; then
    printf 'management.tcp.port = %s\nmanagement.tcp.ip = 127.0.0.1\n' "$management"
  fi
} > "$data/rabbitmq.conf"
if [ -n "$management" ]; then echo '[rabbitmq_management].' > "$data/enabled_plugins"; else echo '[].' > "$data/enabled_plugins"; fi
unset RABBITMQ_DEFAULT_USER RABBITMQ_DEFAULT_PASS

epmd_bin=$(ls /usr/lib/erlang/erts-*/bin/epmd | head -1)
"$epmd_bin" -port "$ERL_EPMD_PORT" -address 127.0.0.1 &
epmd_pid=$!
"$server" &
rabbit_pid=$!

stop() {
  kill -TERM "$rabbit_pid" 2>/dev/null || true
  wait "$rabbit_pid" 2>/dev/null || true
  kill -TERM "$epmd_pid" 2>/dev/null || true
  wait "$epmd_pid" 2>/dev/null || true
}
trap 'stop; exit 0' TERM INT HUP

# RABBITMQ_FIREHOSE=true: once the node runs, copy every message published or delivered to the exchange
# amq.rabbitmq.trace (RabbitMQ's firehose tracer), so tests can read what went over the bus; prints "firehose on".
if [ "${RABBITMQ_FIREHOSE:-}" = "true" ]; then
  ( ctl=/usr/lib/rabbitmq/bin/rabbitmqctl
    # await_startup fails at once until the node has registered with epmd: ask again for up to a minute.
    for _ in $(seq 120); do "$ctl" -q await_startup --timeout 60 >/dev/null 2>&1 && break; sleep 0.5; done
    "$ctl" -q trace_on >/dev/null 2>&1 && echo "rabbitmq.sh: firehose on" ) &
fi

# If this wrapper dies without running its trap (SIGKILL), stop the node and epmd anyway.
wrapper=$$
( trap '' TERM INT HUP
  while kill -0 "$wrapper" 2>/dev/null; do sleep 1; done
  kill -TERM "$rabbit_pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$rabbit_pid" 2>/dev/null || break; sleep 0.2; done
  kill -TERM "$epmd_pid" 2>/dev/null || true ) &

wait "$rabbit_pid" || true
kill -TERM "$epmd_pid" 2>/dev/null || true
