# syntax=docker/dockerfile:1
#
# slotflow image: one image for every role (gateway, worker, migrate, start).
# TypeScript runs directly through tsx (a runtime dependency), so there is no build step.
#
#   docker build -t slotflow .
#   docker run --init slotflow            # gateway (the default)
#   docker run --init slotflow worker     # worker; also: migrate, start
#
# docker-compose.yml runs the production topology from this image.
# Not built on the machine where this file was written (no Docker engine there).

# Stage 1: the web pages (widget, manage page, admin) are a Vite build; its
# tools stay in this stage, the image below gets only web/dist.
FROM node:24-bookworm-slim AS web
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web ./web
# The pages share pure modules with the server (intake validation, calendar links).
COPY src/domain ./src/domain
COPY src/errors.ts ./src/errors.ts
RUN npm run build:web

# Stage 2: the image that runs.
FROM node:24-bookworm-slim

# HOST: slotflow listens on 127.0.0.1 unless told otherwise, which nothing
# outside the container can reach.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false

WORKDIR /app

# Dependencies first, so this layer is cached until package*.json change.
# @temporalio/core-bridge ships its prebuilt native library inside the npm
# package (linux x64/arm64, glibc): bookworm is glibc, nothing is compiled.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev \
 && npm cache clean --force

# The sources (src/ workflows/ activities/ migrations/ web/ bin/ tsconfig.json ...).
# .dockerignore keeps node_modules, data, .git, test, bench and secrets out, so a
# directory that does not exist yet (web/) is simply not copied.
# Files stay owned by root: the app user can read them but not change them.
COPY . .

# The only writable place for the app user (lockfile, outbox, PGlite when
# DATABASE_URL is unset). The image's built-in `node` user (uid 1000) runs the app.
COPY --from=web /build/web/dist ./web/dist

RUN mkdir -p /app/data && chown node:node /app/data
USER node

EXPOSE 3000

# Gateway health: GET /healthz answers 200 when Postgres and Temporal are reachable.
# No curl in the slim image, so Node's own fetch does the request.
# Other roles (worker, migrate) serve no HTTP: docker-compose.yml disables this
# check for them.
HEALTHCHECK --interval=15s --timeout=5s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# `node --import tsx src/cli.ts <role>`; the role is the CMD, so
# `docker run slotflow worker` and compose's `command: ["worker"]` pick a role.
# Run with an init process (compose `init: true`, `docker run --init`) so that
# SIGTERM reaches node and the worker can drain.
ENTRYPOINT ["node", "--import", "tsx", "src/cli.ts"]
CMD ["gateway"]
