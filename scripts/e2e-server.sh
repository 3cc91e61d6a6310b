#!/usr/bin/env bash
# Starts a throw-away ScoreBridge with demo data for the Playwright tests (var/e2e, remade each time).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="$ROOT/var/e2e"
rm -rf "$DATA" && mkdir -p "$DATA"
export SCOREBRIDGE_DATABASE_URL="sqlite+aiosqlite:///$DATA/e2e.db"
export SCOREBRIDGE_ENV=test
# The tests' own partners (the OpenID Provider of tests/idp) listen on this machine.
export SCOREBRIDGE_OUTBOUND_ALLOW="${SCOREBRIDGE_OUTBOUND_ALLOW:-127.0.0.1}"
unset SCOREBRIDGE_REDIS_URL
"$ROOT/.venv/bin/scorebridge" seed-demo >/dev/null
exec "$ROOT/.venv/bin/scorebridge" serve --host 127.0.0.1 --port "${E2E_PORT:-8765}"
