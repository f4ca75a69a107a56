# Compass images. `docker build --target server .` (API + workers) · `--target simulator .` (the vLLM simulator)
FROM node:20-slim AS base
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:client --if-present

FROM base AS server
ENV HOST=0.0.0.0 PORT=4000
EXPOSE 4000
USER node
CMD ["npx", "tsx", "server/main.ts"]

FROM base AS simulator
EXPOSE 8080
USER node
ENTRYPOINT ["npx", "tsx", "apps/simulator/main.ts"]
CMD ["--model", "sim-model", "--host", "0.0.0.0", "--port", "8080"]
