# The party-cell assistant, compiled to JavaScript (starts in about half the time tsx needs), with
# production dependencies only, run as the unprivileged `node` user. hnswlib-node is a native
# addon: it is compiled in the first stage, which has the toolchain.
FROM node:24-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY common ./common
COPY knowledge ./knowledge
COPY bot ./bot
COPY jobs ./jobs
COPY scripts ./scripts
COPY test/fakes ./test/fakes
RUN npm run build && npm prune --omit=dev --no-audit --no-fund
# `docker build --build-arg LOCAL_EMBEDDINGS=true .` bakes in the optional local embedding model
# (EMBEDDINGS=local or auto): the package and the model need the npm registry and the model hub.
ARG LOCAL_EMBEDDINGS=false
RUN if [ "$LOCAL_EMBEDDINGS" = "true" ]; then \
      npm install --omit=dev --no-audit --no-fund --no-save @huggingface/transformers \
      && DATA_DIR=/app/models-data EMBEDDINGS_MODEL_DIR=/app/models node dist/scripts/fetch-model.js; \
    else mkdir -p /app/models; fi

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/data \
    CORPUS_DIR=/data/corpus \
    EMBEDDINGS_MODEL_DIR=/app/models
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/models ./models
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY knowledge/corpus ./knowledge/corpus
# The documents live on the data volume, writable by the bot (admins add and remove them from the
# chat); a new named volume starts with the sample corpus copied from the image.
RUN mkdir -p /data/corpus && cp -r knowledge/corpus/. /data/corpus/ && rm -rf knowledge && chown -R node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
STOPSIGNAL SIGTERM
# The index is built under /data on the first start and reused afterwards. Node itself is PID 1,
# so that SIGTERM reaches the bot and it stops gracefully; npm would not pass it on.
# docker-compose.yml runs the same image as the bot (--bot-only) and as workers (dist/scripts/start-worker.js).
CMD ["node", "dist/scripts/start.js"]
