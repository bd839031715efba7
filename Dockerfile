# syntax=docker/dockerfile:1
# Ledger Loom for self-hosting (docs/deployment.md). No secrets are baked in: MASTER_KEY, database
# passwords, SMTP and eWay credentials come from the environment at run time.

# 1. All dependencies (the web build needs vite and its plugins).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# 2. Build the single-page app into dist/web.
FROM deps AS build
COPY . .
RUN npx vite build

# 3. Production dependencies only.
FROM node:20-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# 4. Runtime: the server runs its TypeScript through tsx (a production dependency), as `npm start` does.
FROM node:20-bookworm-slim AS runtime
# pg_dump/pg_restore for `npm run backup` / `npm run restore` (PostgreSQL 15 client; match the server's major version).
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/var/lib/ledgerloom
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist/web ./dist/web
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY scripts ./scripts
RUN mkdir -p /var/lib/ledgerloom && chown node:node /var/lib/ledgerloom
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--import", "tsx", "src/server/main.ts"]
