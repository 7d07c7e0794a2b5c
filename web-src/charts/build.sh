#!/usr/bin/env bash
# Rebuild src/viva/web/static/vendor/charts.js (+ charts.css) from the pinned npm packages.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
out=../../src/viva/web/static/vendor
npx --no-install esbuild charts.js --bundle --format=esm --minify --target=es2020 \
  --legal-comments=none \
  --banner:js="/* viva charts bundle: uPlot 1.6.32 (MIT licensed, (c) Leon Sorokin). Rebuild with web-src/charts/build.sh */" \
  --outfile=$out/charts.js
npx --no-install esbuild node_modules/uplot/dist/uPlot.min.css --minify --legal-comments=none \
  --banner:css="/* uPlot 1.6.32 (MIT licensed, (c) Leon Sorokin). Rebuild with web-src/charts/build.sh */" \
  --outfile=$out/charts.css
ls -l $out/charts.js $out/charts.css
