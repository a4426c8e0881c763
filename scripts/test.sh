#!/usr/bin/env bash
# `npm test`: every check that guards the project, in one run. Each step runs even when an earlier one
# failed, so one run shows every problem; the exit code is non-zero when any step failed.
set -uo pipefail
cd "$(dirname "$0")/.."

failed=()
step() {
  local name=$1; shift
  echo
  echo "=== $name: $*"
  local start=$SECONDS
  if "$@"; then
    echo "=== $name: ok ($((SECONDS - start)) s)"
  else
    echo "=== $name: FAILED ($((SECONDS - start)) s)"
    failed+=("$name")
  fi
}

# Type-check lib, bin, test, examples, bench and scripts once; ts-jest and integ-runner only transpile.
step typecheck npx tsc -p tsconfig.json
step lint npx eslint --max-warnings 0 .
# The public API must compile with jsii (for Python, Java, .NET and Go) and API.md must be current.
step jsii bash scripts/check-api.sh
# Unit, snapshot, quality-gate and example tests; results also go to test-results/jest.json for CI.
mkdir -p test-results
step jest npx jest --json --outputFile=test-results/jest.json
# integ-runner's offline check: each test/integ.*.ts synthesizes to its committed snapshot.
step integ env TS_NODE_TRANSPILE_ONLY=1 npx integ-runner --directory test --language typescript

echo
if [ ${#failed[@]} -eq 0 ]; then
  echo "npm test: all steps passed"
else
  echo "npm test: failed steps: ${failed[*]}"
  exit 1
fi
