# syntax=docker/dockerfile:1
# Stage 1: build the SPA.
FROM node:20-bookworm-slim AS web
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY openapi.yaml /src/openapi.yaml
COPY frontend/ ./
RUN npm run gen:api && npm run build

# Stage 2: a slim, non-root Python image that runs `scorebridge serve` or `scorebridge worker`.
FROM python:3.11-slim-bookworm AS app
# Production unless told otherwise: `scorebridge` refuses to start without a real
# SCOREBRIDGE_SECRET_KEY (docker run -e SCOREBRIDGE_SECRET_KEY=...).
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    SCOREBRIDGE_ENV=production \
    SCOREBRIDGE_SPA_DIR=/app/frontend/dist
WORKDIR /app
COPY pyproject.toml README.md ./
COPY backend/ backend/
COPY migrations/ migrations/
RUN pip install --no-compile -e . && useradd --system --uid 10001 --home /app scorebridge \
    && mkdir -p /app/var && chown scorebridge /app/var
COPY --from=web /src/frontend/dist /app/frontend/dist
USER scorebridge
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/v1/health')"
ENTRYPOINT ["scorebridge"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
