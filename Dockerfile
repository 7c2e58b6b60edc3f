# syntax=docker/dockerfile:1
# snorq's production image: the web app and the server bundle built from the lockfile, run on plain
# Node as a non-root user. Data (the embedded PostgreSQL, media, generated keys) lives in the
# /data volume; with DATABASE_URL the volume holds only what MEDIA_STORE=disk keeps.
# scripts/container-check.sh builds and runs this file with podman; scripts/check-production-start.sh
# runs the same steps without a container engine.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Exactly the locked versions; the lockfile lists every platform's optional packages.
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:web && npm run build:server && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
# MALLOC_ARENA_MAX=2: npm start's environment (test/unit/build/start-flags.test.ts keeps them
# equal). glibc gives each thread that allocates an arena of its own (up to 8 per core), and each
# keeps what was freed in it: malloc held 17.5–19.1 MB of snorq's process at a burst to 1,000
# agents (11–12 arenas), 10.9–14.3 MB with two (bench/FINDINGS.md, "Memory, 4 December").
ENV NODE_ENV=production \
    DATA_DIR=/data \
    HOST=0.0.0.0 \
    PORT=3000 \
    MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY --from=build /app/bin ./bin
# `docker exec <container> node bin/snorq.js doctor` runs the CLI from the sources (through tsx).
COPY --from=build /app/src ./src
# PostgreSQL refuses to run as root: the embedded database and snorq run as `node` (uid 1000).
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Ready means the database answers (a load balancer should use the same check).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM stops snorq in order: it finishes what it is doing, then stops its database.
STOPSIGNAL SIGTERM
# npm start's flags (test/unit/build/start-flags.test.ts keeps them equal). --max-old-space-size:
# with V8's default limit here (2 GB or more) the old generation grows to up to 4x what is live
# before a full collection, and the pages stay committed; 1 GB (~20x snorq's live heap at 1 M
# messages) caps that near 2x (bench/FINDINGS.md, "Memory, 3 December, afternoon").
# --max-semi-space-size=8: V8's young generation stays at 16 MB instead of growing to 32 and
# staying committed; the realtime fan-out paces its socket writes so that a burst's garbage still
# dies young (bench/FINDINGS.md, "Memory, 3 December, night").
CMD ["node", "--enable-source-maps", "--max-old-space-size=1024", "--max-semi-space-size=8", "dist/server/main.js"]
