#!/usr/bin/env bash
# `npm test`: type check, lint, unit + integration, then end-to-end. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== type check"; npm run --silent typecheck
echo "== lint"; npm run --silent lint
echo "== unit and integration"; npm run --silent test:unit
echo "== end-to-end"; npm run --silent test:e2e
