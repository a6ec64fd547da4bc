# syntax=docker/dockerfile:1

# --- build: compile TypeScript to dist/ -------------------------------------------------
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts/build-web.mjs ./scripts/
RUN npm run build

# --- runtime: production dependencies, compiled code, the corpus --------------------------
FROM node:22-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    CORPUS_DIR=/app/corpus \
    INDEX_SNAPSHOT_DIR=/var/cache/policy-qa
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY corpus ./corpus
# Index snapshots (a restart with the same corpus skips indexing); mount a volume here to keep them.
RUN mkdir -p /var/cache/policy-qa && chown node:node /var/cache/policy-qa
USER node
EXPOSE 3000
# /healthz answers as soon as the server listens (readiness is /readyz).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-semi-space-size=64", "dist/src/main.js"]
