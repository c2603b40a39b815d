#!/usr/bin/env bash
# Prepares the Docker side of the test environment: a running Docker engine and the
# local image `jobdeck-test/busybox:latest` that the Docker integration tests use.
#
# Idempotent: every step checks first and does nothing when it is already done, so a
# developer can run it by hand as often as they like (`bash scripts/test-env.sh`).
#
# There is no registry in CI, so the image is never pulled: it is built with
# `docker import` from a rootfs holding the static busybox binary and one symlink per
# applet. Containers are run with `--network none` or `--network host`, because the
# engine is started with `--bridge=none` (no iptables, no docker0 bridge: that keeps
# it working inside VMs and containers where we may not own the firewall).
#
# With CI=true any failure ends the script with status 1 (the CI run must fail rather
# than silently skip the Docker tests); otherwise it warns and exits 0, and the Docker
# tests skip themselves with a message.
#
# Environment:
#   JOBDECK_TEST_IMAGE      image name (default jobdeck-test/busybox:latest)
#   JOBDECK_DOCKERD_LOG     dockerd log file (default /var/log/jobdeck-dockerd.log)
#   JOBDECK_DOCKERD_WAIT    seconds to wait for the engine (default 30)
set -euo pipefail

IMAGE="${JOBDECK_TEST_IMAGE:-jobdeck-test/busybox:latest}"
DOCKERD_LOG="${JOBDECK_DOCKERD_LOG:-/var/log/jobdeck-dockerd.log}"
DOCKERD_WAIT="${JOBDECK_DOCKERD_WAIT:-30}"
BUSYBOX=/bin/busybox
# dockerd lives in /usr/sbin, which a non-login root shell may not have on PATH.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

step() { printf '[test-env] %s\n' "$*"; }

# Ends the script: fatal under CI, a warning (and success) for a developer.
give_up() {
  if [[ "${CI:-}" == "true" ]]; then
    printf '[test-env] ERROR: %s\n' "$*" >&2
    exit 1
  fi
  printf '[test-env] WARNING: %s; Docker integration tests will be skipped.\n' "$*" >&2
  exit 0
}

# Root for package installs and for starting the engine; sudo when run by hand.
as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    return 1
  fi
}

# `docker info` also fails when the client cannot reach the socket for permissions;
# the timeout keeps a wedged engine from hanging CI.
docker_up() { timeout 10 docker info >/dev/null 2>&1; }

# --- 1. packages -------------------------------------------------------------------
# busybox-static, not busybox: the image has no libc, so the binary must be static.
busybox_is_static() {
  [[ -x "$BUSYBOX" ]] && ! ldd "$BUSYBOX" >/dev/null 2>&1
}

if command -v dockerd >/dev/null 2>&1 && command -v docker >/dev/null 2>&1 && busybox_is_static; then
  step "packages: dockerd, docker and static $BUSYBOX present"
else
  step "packages: installing docker.io busybox-static with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq || give_up "apt-get update failed"
  as_root apt-get install -y -qq --no-install-recommends docker.io busybox-static >/dev/null ||
    give_up "apt-get install docker.io busybox-static failed"
  busybox_is_static || give_up "$BUSYBOX is missing or not statically linked (install busybox-static)"
fi

# --- 2. engine ---------------------------------------------------------------------
if docker_up; then
  step "engine: docker is answering ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
else
  if [[ -n "${DOCKER_HOST:-}" && "${DOCKER_HOST}" != unix:///var/run/docker.sock ]]; then
    give_up "DOCKER_HOST=${DOCKER_HOST} does not answer; start that engine or unset DOCKER_HOST"
  fi
  if [[ -S /var/run/docker.sock && ! -w /var/run/docker.sock ]]; then
    give_up "no permission on /var/run/docker.sock (add yourself to the docker group, or run as root)"
  fi
  # A dockerd killed with -9 leaves its pid file; if that pid now belongs to another
  # process, the new dockerd refuses to start.
  if [[ -f /var/run/docker.pid ]]; then
    old_pid="$(cat /var/run/docker.pid 2>/dev/null || true)"
    if [[ -z "$old_pid" || "$(cat "/proc/$old_pid/comm" 2>/dev/null || true)" != dockerd ]]; then
      as_root rm -f /var/run/docker.pid || true
    fi
  fi
  step "engine: starting dockerd --iptables=false --bridge=none (log: $DOCKERD_LOG)"
  as_root mkdir -p "$(dirname "$DOCKERD_LOG")" || give_up "cannot create $(dirname "$DOCKERD_LOG")"
  # setsid: the engine must outlive this script and CI's step shell. The redirection
  # happens inside the root shell so the log may live under /var/log.
  as_root setsid sh -c 'exec dockerd --iptables=false --bridge=none >>"$1" 2>&1 </dev/null' \
    dockerd "$DOCKERD_LOG" &
  waited=0
  until docker_up; do
    if ((waited >= DOCKERD_WAIT)); then
      tail -n 20 "$DOCKERD_LOG" >&2 || true
      give_up "dockerd did not answer within ${DOCKERD_WAIT}s (see $DOCKERD_LOG)"
    fi
    sleep 1
    waited=$((waited + 1))
  done
  step "engine: docker is answering after ${waited}s ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
fi

# --- 3. image ----------------------------------------------------------------------
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  step "image: $IMAGE already present"
else
  step "image: building $IMAGE from $BUSYBOX with docker import (no registry)"
  rootfs="$(mktemp -d)"
  trap 'rm -rf "$rootfs"' EXIT
  mkdir -p "$rootfs"/{bin,etc,tmp,proc,sys,dev,root,var/tmp}
  chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"
  cp "$BUSYBOX" "$rootfs/bin/busybox"
  # One symlink per applet (sh, sleep, echo, cat, kill, yes, dd, head, wc, ...), all
  # in /bin; PATH is set to /bin below.
  while read -r applet; do
    [[ -n "$applet" && "$applet" != busybox ]] && ln -s busybox "$rootfs/bin/$applet"
  done < <("$BUSYBOX" --list)
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -cf - . |
    docker import \
      --change 'ENV PATH=/bin' \
      --change 'CMD ["sh"]' \
      --message 'jobdeck test image: static busybox' \
      - "$IMAGE" >/dev/null || give_up "docker import of $IMAGE failed"
  rm -rf "$rootfs"
  trap - EXIT
  step "image: built $IMAGE ($("$BUSYBOX" --list | wc -l) applets)"
fi

# --- 4. verify ---------------------------------------------------------------------
out="$(timeout 60 docker run --rm --network none "$IMAGE" sh -c 'echo ok' 2>&1)" ||
  give_up "docker run $IMAGE failed: $out"
if [[ "$out" != "ok" ]]; then
  give_up "docker run $IMAGE printed '$out' instead of 'ok'"
fi
step "verify: docker run --rm --network none $IMAGE sh -c 'echo ok' → ok"
