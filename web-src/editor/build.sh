#!/usr/bin/env bash
# Rebuild src/viva/web/static/vendor/editor.js from the pinned npm packages.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
npx --no-install esbuild editor.js --bundle --format=esm --minify --target=es2020 \
  --legal-comments=none \
  --banner:js="/* viva editor bundle: CodeMirror 6 + Lezer (MIT licensed, (c) Marijn Haverbeke and others). Rebuild with web-src/editor/build.sh */" \
  --outfile=../../src/viva/web/static/vendor/editor.js
ls -l ../../src/viva/web/static/vendor/editor.js
