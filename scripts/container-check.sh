#!/usr/bin/env bash
# Builds snorq's image from the Dockerfile and runs it, on a Debian 12 machine where no container
# registry is reachable (only Debian's mirror and the npm registry), as root:
#   1. the engine: podman from Debian, its storage under .ctr/ of this checkout (gitignored);
#   2. the base image: the Dockerfile's FROM (node:20-bookworm-slim) cannot be pulled, so an
#      equivalent is made locally — debootstrap's minimal bookworm, this machine's Node 20, the npm
#      that Node 20 ships, a `node` user with uid 1000 — and imported under that exact name; the
#      Dockerfile itself is built unchanged with --pull=never from a clean copy of HEAD;
#   3. one container as DEPLOY.md runs it: /data a named volume, the non-root user, the image's
#      HEALTHCHECK (run by `podman healthcheck run`) reporting healthy through /readyz, a webhook
#      signed as Meta signs it sent from the host through the published port and stored, a SIGTERM
#      stop with exit code 0, a restart that finds the message again.
#
#   sudo scripts/container-check.sh          # keeps the base image in .ctr/ for the next run
#   sudo CLEAN=1 scripts/container-check.sh  # and then removes .ctr/ altogether
#
# Slow (first run 20–30 min: debootstrap, then npm ci and both builds inside the image build) and
# needs root and apt: it is not part of `npm test` or `.ci/run`. Leaves no container running.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
ctr="$root/.ctr"
port="${CHECK_PORT:-39300}"
[ "$(id -u)" = 0 ] || { echo "run as root (podman as root, debootstrap, apt-get)"; exit 1; }
mkdir -p "$ctr"
export CONTAINERS_CONF="$ctr/containers.conf" CONTAINERS_STORAGE_CONF="$ctr/storage.conf"

step() { echo "== $*"; }

install_engine() {
  step "engine: podman, buildah, runc, debootstrap from Debian"
  local need=()
  for cmd in podman buildah runc debootstrap; do command -v "$cmd" >/dev/null || need+=("$cmd"); done
  [ ${#need[@]} = 0 ] && return
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman buildah runc uidmap fuse-overlayfs slirp4netns debootstrap >/dev/null
}

# What this kind of machine needs, each found by a refused start:
# - crun 1.8 (Debian's default) refuses cgroup v1 with a v2 hierarchy mounted beside it ("cgroups in
#   hybrid mode not supported, drop all controllers from cgroupv2"); runc runs there.
# - without CAP_SYS_RESOURCE no limit can be raised, and podman's default nofile/nproc are above the
#   machine's ("setrlimit `RLIMIT_NOFILE`: Operation not permitted"): take the machine's own.
# - no systemd: cgroupfs, and events in a file.
write_config() {
  cat >"$ctr/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=4096:4096"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
  cat >"$ctr/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$ctr/storage"
runroot = "$ctr/run"
EOF
}

# A minimal bookworm, debootstrapped once and kept as a tarball for every base image made here.
bookworm_rootfs() {
  local dir="$1" mirror
  # `|| true`: grep exits 2 when one of the files is missing (a machine with only deb822 sources
  # has no sources.list), which pipefail would turn into the script's exit.
  mirror="$(grep -hoE 'https?://deb\.debian\.org/debian/?' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null | head -1 || true)"
  if [ ! -s "$ctr/bookworm-minbase.tar" ]; then
    step "debootstrap --variant=minbase bookworm (${mirror:-http://deb.debian.org/debian})"
    rm -rf "$ctr/minbase"
    debootstrap --variant=minbase bookworm "$ctr/minbase" "${mirror:-http://deb.debian.org/debian}" >"$ctr/debootstrap.log"
    tar -C "$ctr/minbase" -cf "$ctr/bookworm-minbase.tar" .
    rm -rf "$ctr/minbase"
  fi
  rm -rf "$dir" && mkdir -p "$dir"
  tar -C "$dir" -xf "$ctr/bookworm-minbase.tar"
}

# node:20-bookworm-slim as the official image is made: bookworm-slim, libatomic1, Node in
# /usr/local, a `node` user (uid/gid 1000), docker-entrypoint.sh. Node is this machine's (20.x);
# npm is the one Node 20 ships (10.8.2), from the npm registry.
make_node_base() {
  local image=docker.io/library/node:20-bookworm-slim dir="$ctr/rootfs-node" node_bin
  podman image exists "$image" && return
  node_bin="$(command -v node)"
  "$node_bin" -e 'process.exit(process.versions.node.split(".")[0] === "20" ? 0 : 1)' || { echo "needs Node 20 on this machine"; exit 1; }
  bookworm_rootfs "$dir"
  step "base image $image (Node $("$node_bin" --version))"
  cp /etc/resolv.conf "$dir/etc/resolv.conf"
  chroot "$dir" sh -c 'groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node &&
    apt-get update -qq && apt-get install -y -qq --no-install-recommends libatomic1 >/dev/null && apt-get clean && rm -rf /var/lib/apt/lists/*' 2>/dev/null
  rm -f "$dir/etc/resolv.conf"
  mkdir -p "$dir/usr/local/bin" "$dir/usr/local/lib/node_modules/npm" "$dir/usr/local/etc"
  cp "$node_bin" "$dir/usr/local/bin/node"
  (cd "$ctr" && npm pack npm@10.8.2 --silent >/dev/null)
  tar -xzf "$ctr/npm-10.8.2.tgz" -C "$dir/usr/local/lib/node_modules/npm" --strip-components=1
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$dir/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$dir/usr/local/bin/npx"
  ln -s node "$dir/usr/local/bin/nodejs"
  # Where outbound TLS passes an intercepting proxy (this machine's), npm inside the build must
  # trust what the host trusts; elsewhere nothing is added.
  if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -s "$NODE_EXTRA_CA_CERTS" ]; then
    cp "$NODE_EXTRA_CA_CERTS" "$dir/usr/local/etc/host-ca.crt"
    echo "cafile=/usr/local/etc/host-ca.crt" >"$dir/usr/local/etc/npmrc"
  fi
  cat >"$dir/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
set -e
# As the official node image's: run the command with node if it starts with "-" or is not a command.
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi
exec "$@"
EOF
  chmod 755 "$dir/usr/local/bin/docker-entrypoint.sh"
  tar -C "$dir" -c . | podman import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "ENV NODE_VERSION=$("$node_bin" -p process.versions.node)" --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
    --change 'CMD ["node"]' - "$image" >/dev/null
  rm -rf "$dir" "$ctr/npm-10.8.2.tgz"
}

# The Dockerfile, unchanged, from a clean copy of HEAD (what a user's clone holds). `--format docker`
# because the OCI format has no HEALTHCHECK (podman drops it with a warning).
build_image() {
  step "podman build --format docker --pull=never -t snorq:latest (HEAD $(git -C "$root" rev-parse --short HEAD))"
  rm -rf "$ctr/context" && mkdir -p "$ctr/context"
  git -C "$root" archive HEAD | tar -x -C "$ctr/context"
  podman build --format docker --pull=never -t snorq:latest "$ctr/context" >"$ctr/build.log" 2>&1 || {
    tail -40 "$ctr/build.log"
    exit 1
  }
  podman image prune -f >/dev/null
  echo "built: $(podman image inspect snorq:latest --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"
}

# Waits for the image's own HEALTHCHECK to pass (podman runs it on demand: there is no systemd
# here to run it on its interval).
wait_healthy() {
  local name="$1"
  for _ in $(seq 1 90); do
    if podman healthcheck run "$name" >/dev/null 2>&1; then
      echo "$name: $(podman inspect "$name" --format '{{.State.Health.Status}}')"
      return
    fi
    [ "$(podman inspect "$name" --format '{{.State.Running}}')" = true ] || break
    sleep 2
  done
  echo "$name did not become healthy:"
  podman logs --tail 40 "$name"
  exit 1
}

# The probe runs on the host from this checkout: a fresh clone installs its dependencies first.
probe() {
  [ -x "$root/node_modules/.bin/tsx" ] || (cd "$root" && npm ci --no-audit --no-fund >"$ctr/npm-ci.log")
  (cd "$root" && node_modules/.bin/tsx scripts/container-probe.ts "$@")
}

run_one_container() {
  local name=snorq-check word="check$RANDOM$RANDOM" user status
  step "one container: volume snorq-check-data, port 127.0.0.1:$port"
  podman volume create snorq-check-data >/dev/null
  # The channel and admin scripts/container-probe.ts expects; no platform is reachable from here.
  podman run -d --name "$name" -p "127.0.0.1:$port:3000" -v snorq-check-data:/data \
    -e PUBLIC_URL="http://127.0.0.1:$port" -e ADMIN_EMAIL=admin@example.com -e ADMIN_PASSWORD=correct-horse-battery \
    -e WHATSAPP_PHONE_NUMBER_ID=100200300400500 -e WHATSAPP_ACCESS_TOKEN=container-check-token \
    -e WHATSAPP_APP_SECRET=container-check-secret -e META_GRAPH_URL=http://127.0.0.1:9 -e SYNC_INTERVAL_SECONDS=0 \
    snorq:latest >/dev/null 2>"$ctr/run.err"
  wait_healthy "$name"
  user="$(podman exec "$name" id -un)"
  [ "$user" = node ] || { echo "the image runs as $user, not node"; exit 1; }
  podman exec "$name" sh -c 'test "$(stat -c %U /data/postgres)" = node' || { echo "/data/postgres is not node's"; exit 1; }
  # The banner follows the flush of the start's buffered log, which may come after /readyz answers.
  for _ in $(seq 1 30); do podman logs "$name" 2>&1 | grep -q "platforms: " && break; sleep 1; done
  podman logs "$name" 2>&1 | grep -q "platforms: REAL" || { echo "a production start must not run the sandbox"; exit 1; }
  curl -fsS "http://127.0.0.1:$port/" | grep -q '<div id="root">' || { echo "the web app is not served"; exit 1; }
  probe send "http://127.0.0.1:$port" "$word"
  probe expect "http://127.0.0.1:$port" "$word"
  step "SIGTERM stop, restart on the same volume"
  podman stop -t 30 "$name" >/dev/null 2>>"$ctr/run.err"
  status="$(podman inspect "$name" --format '{{.State.ExitCode}}')"
  [ "$status" = 0 ] || { echo "snorq stopped with status $status"; podman logs --tail 40 "$name"; exit 1; }
  podman start "$name" >/dev/null 2>>"$ctr/run.err"
  wait_healthy "$name"
  probe expect "http://127.0.0.1:$port" "$word"
  echo "ok: one container ran as $user, healthy, took a signed webhook, stopped with 0, kept the message"
}

cleanup() {
  podman rm -f -t 5 snorq-check >/dev/null 2>&1 || true
  podman volume rm -f snorq-check-data >/dev/null 2>&1 || true
  rm -rf "$ctr/context"
  if [ "${CLEAN:-}" = 1 ]; then
    podman system reset -f >/dev/null 2>&1 || true
    rm -rf "$ctr"
  fi
}
trap cleanup EXIT

install_engine
write_config
make_node_base
build_image
run_one_container
