# leadmaps production image, written for users' machines (see README, "Production").
# Three stages: `build` runs the same commands as a developer's machine (npm ci, npm run build);
# `dependencies` installs the run-time packages only; the final image holds those, the compiled
# API, the built web app and the migrations, and runs as the unprivileged `node` user.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# Manifests first, so the npm ci layer is reused while only sources change. The postinstall
# script generates the Prisma client from prisma/ (no download).
COPY package.json package-lock.json prisma.config.ts ./
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY packages/shared/package.json packages/shared/
COPY prisma prisma
COPY scripts scripts
RUN npm ci
COPY . .
RUN npm run build

FROM ${NODE_IMAGE} AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY packages/shared/package.json packages/shared/
# No install scripts: the only one generates the Prisma client, which the compiled API contains.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

FROM ${NODE_IMAGE}
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    LEADMAPS_DATA_DIR=/data \
    NEXT_TELEMETRY_DISABLED=1
COPY --from=dependencies /app/node_modules node_modules
COPY package.json ./
COPY packages/shared packages/shared
COPY prisma prisma
COPY apps/api/package.json apps/api/
COPY --from=build /app/apps/api/dist apps/api/dist
COPY apps/web/package.json apps/web/next.config.ts apps/web/tsconfig.json apps/web/
# Owned by the server's user: Next writes its cache under .next at run time.
COPY --from=build --chown=node:node /app/apps/web/.next apps/web/.next
# The embedded database (when DATABASE_URL is not set) and the demo keys file live in /data.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# What `npm start` runs once the build exists (scripts/start.mjs), without npm in between so
# stop signals reach the server and it closes the database cleanly.
CMD ["node", "--enable-source-maps", "--experimental-wasm-modules", "--no-warnings=ExperimentalWarning", "apps/api/dist/main.mjs"]
