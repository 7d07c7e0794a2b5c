#!/usr/bin/env bash
# Refresh tests/vendor/axe.min.js from the pinned axe-core in package-lock.json.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
mkdir -p ../../tests/vendor
cp node_modules/axe-core/axe.min.js ../../tests/vendor/axe.min.js
ls -l ../../tests/vendor/axe.min.js
