#!/usr/bin/env bash
# Compiles the library with jsii and checks that the committed API.md matches the generated one.
set -euo pipefail
cd "$(dirname "$0")/.."
npx jsii --silence-warnings=reserved-word
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npx jsii-docgen -o "$tmp/API.md"
if ! cmp -s "$tmp/API.md" API.md; then
  echo "API.md does not match the public API: run 'npm run build' and commit API.md"
  diff -u API.md "$tmp/API.md" | head -40 || true
  exit 1
fi
echo "jsii assembly built; API.md is current"
