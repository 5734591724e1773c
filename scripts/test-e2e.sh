#!/usr/bin/env bash
# End-to-end: a production build driven by Playwright through Debian's Chromium, on a fresh embedded database.
set -euo pipefail
cd "$(dirname "$0")/.."
export E2E_PGLITE_DIR="${E2E_PGLITE_DIR:-.data/e2e-$$}"
trap 'rm -rf "$E2E_PGLITE_DIR"' EXIT
rm -rf "$E2E_PGLITE_DIR"
# next build needs no secrets: every page is rendered at request time.
npx next build
npx playwright test "$@"
