#!/usr/bin/env bash
# Runs the steps of the Dockerfile on this machine, for where no container engine runs: a clean
# copy of the committed tree, `npm ci` from the lockfile, the two builds, `npm prune --omit=dev`,
# then the image's files alone (no sources of the build, no dev dependencies) started as a
# non-root user with the image's environment, its HEALTHCHECK command run, and a SIGTERM stop
# that must end with exit code 0.
#
#   scripts/check-production-start.sh            # uses HEAD of this checkout
#
# Takes a few minutes (npm ci and the web build). Leaves nothing behind.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/snorq-image.XXXXXX)"
chmod 755 "$work"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== build stage: clean tree, npm ci, builds, prune"
git -C "$root" archive HEAD | tar -x -C "$work" --one-top-level=build
cd "$work/build"
npm ci --no-audit --no-fund --loglevel=error
npm run --silent build:web >/dev/null
npm run --silent build:server >/dev/null
npm prune --omit=dev --no-audit --no-fund --loglevel=error

echo "== runtime stage: the image's files only"
mkdir -p "$work/app/web" "$work/data"
cp -a package.json node_modules dist bin src "$work/app/"
cp -a web/dist "$work/app/web/dist"
cd "$work/app"
rm -rf "$work/build"

# The image runs as `node` (uid 1000); here an unprivileged user stands in when we are root.
run_as=()
if [ "$(id -u)" = 0 ]; then
  user="$(getent passwd 1000 | cut -d: -f1 || true)"
  [ -n "$user" ] || user=nobody
  chown -R "$user" "$work/data"
  run_as=(runuser -u "$user" --)
fi

port="${PORT:-39$((RANDOM % 90 + 10))}"
echo "== start (NODE_ENV=production, DATA_DIR=$work/data, port $port)"
env -i PATH="$PATH" HOME="$work/data" NODE_ENV=production DATA_DIR="$work/data" HOST=127.0.0.1 PORT="$port" \
  ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=correct-horse-battery MALLOC_ARENA_MAX=2 \
  "${run_as[@]}" node --enable-source-maps --max-old-space-size=1024 --max-semi-space-size=8 dist/server/main.js >"$work/out.log" 2>&1 &
pid=$!

for _ in $(seq 1 120); do
  if ! kill -0 "$pid" 2>/dev/null; then echo "snorq exited during start:"; cat "$work/out.log"; exit 1; fi
  if PORT="$port" node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then break; fi
  sleep 1
done
echo "== HEALTHCHECK (the image's command)"
PORT="$port" node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
for _ in $(seq 1 30); do grep -q "snorq is ready" "$work/out.log" && break; sleep 1; done
grep -q "platforms: REAL" "$work/out.log" || { echo "a production start must not run the sandbox:"; cat "$work/out.log"; exit 1; }
curl -fsS "http://127.0.0.1:$port/" | grep -q '<div id="root">' || { echo "the web app is not served"; exit 1; }

echo "== SIGTERM"
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=""
if [ "$status" != 0 ]; then echo "snorq stopped with status $status:"; cat "$work/out.log"; exit 1; fi
echo "ok: built from the lockfile, started as $( [ ${#run_as[@]} -gt 0 ] && echo "${run_as[2]}" || id -un ), ready, healthy, stopped cleanly"
