#!/usr/bin/env bash
# Test hosts for the fleet view (issue 13): N "hosts" on loopback, each an OpenSSH sshd
# on its own port with its own private Docker engine (own socket, data-root, exec-root,
# pid file) and its own containers, so targets really differ. A session on host I's sshd
# gets DOCKER_HOST pointing at host I's engine (sshd_config SetEnv), so
# `ssh -p PORT root@127.0.0.1 docker ps` (and `docker -H ssh://…`) reach that engine.
#
#   bash scripts/test-hosts.sh start [N=3] [containers per host=2]
#   bash scripts/test-hosts.sh status
#   bash scripts/test-hosts.sh stop-sshd I    host I "goes down": its sshd and every session
#   bash scripts/test-hosts.sh start-sshd I   host I comes back (same key, same port)
#   bash scripts/test-hosts.sh stop
#
# Needs root, openssh-server, docker.io and the image scripts/test-env.sh builds on the
# main engine (it is copied into each private engine with docker save | load). Traffic
# stays on 127.0.0.0/8: sshd listens on 127.0.0.1, containers run with --network none.
#
# Layout under $JOBDECK_TEST_HOSTS (default /tmp/jobdeck-test-hosts):
#   client_key, client_key.pub   the key every host accepts (for root)
#   known_hosts                  every host's key, as [127.0.0.1]:PORT
#   hostI/{sshd_config,ssh_host_ed25519_key,docker.sock,data,exec,docker.log,port}
# Ports: $JOBDECK_TEST_HOSTS_PORT (default 22201) + I - 1.
set -euo pipefail

ROOT="${JOBDECK_TEST_HOSTS:-/tmp/jobdeck-test-hosts}"
BASE_PORT="${JOBDECK_TEST_HOSTS_PORT:-22201}"
IMAGE="${JOBDECK_TEST_IMAGE:-jobdeck-test/busybox:latest}"
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

step() { printf '[test-hosts] %s\n' "$*"; }
die() {
  printf '[test-hosts] ERROR: %s\n' "$*" >&2
  exit 1
}

engine_up() { timeout 10 docker -H "unix://$1/docker.sock" info >/dev/null 2>&1; }

start_host() {
  local i="$1" containers="$2"
  local dir="$ROOT/host$i" port=$((BASE_PORT + i - 1))
  mkdir -p "$dir/data" "$dir/exec"
  echo "$port" >"$dir/port"

  if engine_up "$dir"; then
    step "host$i: engine already answering"
  else
    rm -f "$dir/docker.pid"
    # A private engine: its own socket, state and containerd; no bridge, no iptables.
    setsid sh -c 'exec dockerd --host "unix://$1/docker.sock" --data-root "$1/data" \
      --exec-root "$1/exec" --pidfile "$1/docker.pid" --iptables=false --bridge=none \
      >>"$1/docker.log" 2>&1 </dev/null' dockerd "$dir" &
    local waited=0
    until engine_up "$dir"; do
      ((waited >= 30)) && {
        tail -n 20 "$dir/docker.log" >&2
        die "host$i: dockerd did not answer within 30 s (see $dir/docker.log)"
      }
      sleep 1
      waited=$((waited + 1))
    done
    step "host$i: engine answering after ${waited}s"
  fi
  local dk=(docker -H "unix://$dir/docker.sock")
  if ! "${dk[@]}" image inspect "$IMAGE" >/dev/null 2>&1; then
    docker image inspect "$IMAGE" >/dev/null 2>&1 ||
      die "$IMAGE is not on the main engine: run bash scripts/test-env.sh first"
    docker save "$IMAGE" | "${dk[@]}" load >/dev/null
  fi
  for ((c = 1; c <= containers; c++)); do
    local name="host${i}-worker-${c}"
    if ! "${dk[@]}" container inspect "$name" >/dev/null 2>&1; then
      "${dk[@]}" run -d --name "$name" --network none \
        --label com.docker.compose.project="host$i" \
        --label com.docker.compose.service=worker \
        --label com.docker.compose.container-number="$c" \
        "$IMAGE" sleep 1000000 >/dev/null
    fi
  done

  [[ -f "$dir/ssh_host_ed25519_key" ]] || ssh-keygen -q -t ed25519 -N '' -C "host$i" -f "$dir/ssh_host_ed25519_key"
  cat >"$dir/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $port
HostKey $dir/ssh_host_ed25519_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $ROOT/client_key.pub
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
# Well under OpenSSH's 10: jobdeck's Docker traffic must not need sessions at all (its
# streams are direct-streamlocal channels), and a test with many streams proves it.
MaxSessions 2
SetEnv DOCKER_HOST=unix://$dir/docker.sock
EOF
  start_sshd "$i"
  step "host$i: $containers container(s)"
  printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$dir/ssh_host_ed25519_key.pub")" >>"$ROOT/known_hosts.new"
}

start_sshd() {
  local dir="$ROOT/host$1"
  local port
  port="$(cat "$dir/port")"
  if [[ -f "$dir/sshd.pid" ]] && kill -0 "$(cat "$dir/sshd.pid")" 2>/dev/null; then
    step "host$1: sshd already on 127.0.0.1:$port"
  else
    /usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log" || die "host$1: sshd did not start (see $dir/sshd.log)"
    step "host$1: sshd on 127.0.0.1:$port"
  fi
}

# The listener and every session it forked: stopping only the listener would leave
# established connections (and a client's view of the host) alive. The listener is
# frozen first, so that a client reconnecting at once cannot get a new session between
# the sessions being killed and the listener going away.
stop_sshd() {
  local file="$ROOT/host$1/sshd.pid"
  local pid
  # sshd removes its pid file as it exits: a missing file is a stopped sshd.
  pid="$(cat "$file" 2>/dev/null)" || return 0
  kill -STOP "$pid" 2>/dev/null || true
  pkill -TERM -P "$pid" 2>/dev/null || true
  kill -TERM "$pid" 2>/dev/null || true
  kill -CONT "$pid" 2>/dev/null || true
  stop_pid_file "$file"
}

stop_pid_file() {
  local file="$1"
  local pid
  # The process may remove its own pid file as it exits (sshd does).
  pid="$(cat "$file" 2>/dev/null)" || return 0
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
  fi
  rm -f "$file"
}

case "${1:-}" in
  start)
    n="${2:-3}"
    containers="${3:-2}"
    [[ "$(id -u)" -eq 0 ]] || die "run as root (each host starts a dockerd)"
    command -v /usr/sbin/sshd >/dev/null || die "sshd is missing: apt-get install openssh-server"
    command -v dockerd >/dev/null || die "dockerd is missing: apt-get install docker.io"
    mkdir -p "$ROOT" /run/sshd
    [[ -f "$ROOT/client_key" ]] || ssh-keygen -q -t ed25519 -N '' -C jobdeck-test-client -f "$ROOT/client_key"
    rm -f "$ROOT/known_hosts.new"
    for ((i = 1; i <= n; i++)); do start_host "$i" "$containers"; done
    mv "$ROOT/known_hosts.new" "$ROOT/known_hosts"
    step "ready: ssh -i $ROOT/client_key -o UserKnownHostsFile=$ROOT/known_hosts -p $BASE_PORT root@127.0.0.1 docker ps"
    ;;
  start-sshd | stop-sshd)
    [[ -n "${2:-}" && -d "$ROOT/host${2:-}" ]] || die "$1 needs the number of a started host"
    if [[ "$1" == start-sshd ]]; then start_sshd "$2"; else stop_sshd "$2" && step "host$2: sshd stopped"; fi
    ;;
  status)
    for dir in "$ROOT"/host*; do
      [[ -d "$dir" ]] || continue
      sshd="down"
      [[ -f "$dir/sshd.pid" ]] && kill -0 "$(cat "$dir/sshd.pid")" 2>/dev/null && sshd="up"
      engine="down"
      engine_up "$dir" && engine="up ($(docker -H "unix://$dir/docker.sock" ps -q | wc -l) running)"
      printf '%s  port %s  sshd %s  engine %s\n' "$(basename "$dir")" "$(cat "$dir/port")" "$sshd" "$engine"
    done
    ;;
  stop)
    for dir in "$ROOT"/host*; do
      [[ -d "$dir" ]] || continue
      stop_sshd "${dir##*/host}"
      if engine_up "$dir"; then
        ids="$(docker -H "unix://$dir/docker.sock" ps -aq)"
        # shellcheck disable=SC2086
        [[ -z "$ids" ]] || docker -H "unix://$dir/docker.sock" rm -f $ids >/dev/null
      fi
      stop_pid_file "$dir/docker.pid"
      step "$(basename "$dir"): stopped"
    done
    ;;
  *)
    sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
