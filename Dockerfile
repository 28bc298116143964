# syntax=docker/dockerfile:1
# MiniBlockchain node image. Two stages: `build` compiles TypeScript with swc (needs dev
# dependencies); `runtime` carries production dependencies, the compiled apps/libs and the
# .proto files only, and runs as an unprivileged user.
#
#   docker build -t miniblockchain/node:0.1.0 .
#   docker run --rm -p 18444:18444 -v mbc-data:/data miniblockchain/node:0.1.0 --network regtest
#
# Node 22 is the supported LTS line (Node 20 reached end of life in April 2026).
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Dependencies first so the layer is reused while only sources change. classic-level and
# @swc/core install prebuilt binaries for linux-x64/arm64 glibc: no compiler toolchain needed.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY tsconfig.json nest-cli.json ./
COPY scripts ./scripts
COPY apps ./apps
COPY libs ./libs
COPY proto ./proto
# scripts/build.mjs also walks bench/ and test/, which .dockerignore keeps out of the context:
# empty directories keep the build identical to `npm run build` without shipping test code.
RUN mkdir -p bench test && npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    MBC_DATA_DIR=/data \
    MBC_P2P_HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --omit=optional --no-audit --no-fund
COPY --from=build /app/dist/apps ./dist/apps
COPY --from=build /app/dist/libs ./dist/libs
COPY proto ./proto
# A fixed uid/gid (10001) so Kubernetes can enforce runAsNonRoot/runAsUser and fsGroup can give
# the pod write access to the data volume.
RUN groupadd --system --gid 10001 mbc \
 && useradd --system --uid 10001 --gid mbc --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin mbc \
 && mkdir -p /data \
 && chown mbc:mbc /data
USER 10001:10001
VOLUME ["/data"]
# P2P (regtest default port), REST (+ /metrics and /health/*), gRPC.
EXPOSE 18444 8080 50051
# The REST server answers /health/live without a token whatever host it binds.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.MBC_REST_PORT || 8080) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node runs as PID 1: the service installs its own SIGTERM/SIGINT handlers (graceful shutdown),
# so no init shim is needed for signals; use `docker run --init` to also reap stray children.
ENTRYPOINT ["node", "dist/apps/node/src/main.js"]
