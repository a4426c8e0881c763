#!/usr/bin/env bash
# `npm test`: every check that guards the project, in one run. Each step prints one line; its output
# goes to test-results/logs/<step>.log and is printed only when the step fails. Each step runs even when
# an earlier one failed, so one run shows every problem; the exit code is non-zero when any step failed.
#
# The supported range is tested, not declared: the unit, snapshot and quality tests run against the
# floor of the aws-cdk-lib peer range (the `aws-cdk-lib` dev dependency) on Node 20, and against the
# newest aws-cdk-lib 2.x (`aws-cdk-lib-latest`) on the active Node LTS; the consumer test installs the
# packed library into an app of its own. A deprecated aws-cdk-lib API fails every run (JSII_DEPRECATED).
set -uo pipefail
cd "$(dirname "$0")/.."

# The active Node LTS, from the registry's `node` package (cached by npm after the first run).
NODE_LTS=${NODE_LTS:-node@22}
LOGS=test-results/logs
mkdir -p "$LOGS"
rm -f test-results/jest*.json

failed=()
step() {
  local name=$1; shift
  local start=$SECONDS log="$LOGS/$name.log"
  if "$@" > "$log" 2>&1; then
    printf '%-12s ok      %4d s\n' "$name" $((SECONDS - start))
  else
    printf '%-12s FAILED  %4d s   (%s)\n' "$name" $((SECONDS - start)) "$log"
    echo "----- last 200 lines of $log -----"
    tail -n 200 "$log"
    echo "----- end of $log -----"
    failed+=("$name")
  fi
}

export JSII_DEPRECATED=fail
# Type-check lib, bin, test, examples and bench against both aws-cdk-lib versions; jest only transpiles.
step typecheck npm run --silent typecheck
step lint npx eslint --max-warnings 0 .
# The public API must compile with jsii (for Python, Java, .NET and Go) and API.md must be current.
step jsii bash scripts/check-api.sh
# Unit, snapshot and quality-gate tests against the floor of the peer range, on Node 20.
step jest env CDK_LIB=floor npx jest --ci --json --outputFile=test-results/jest.json
# The same tests against the newest aws-cdk-lib, on the active Node LTS. Its bundled CloudFormation
# validator would run at every synthesis (four times slower); the tests run that validator themselves.
step jest-latest env CDK_LIB=latest CDK_VALIDATION=false npx --yes "$NODE_LTS" node_modules/jest/bin/jest.js --ci --json --outputFile=test-results/jest-latest.json
# npm pack, installed into a new app outside the repository next to the newest aws-cdk-lib.
step consumer npx --yes "$NODE_LTS" node_modules/jest/bin/jest.js -c test/consumer/jest.config.js --ci --json --outputFile=test-results/jest-consumer.json
# integ-runner's offline check that each test/integ.*.ts synthesizes to its committed snapshot. Only
# against the floor: integ-runner 2.197.10, the newest, cannot read the newer cloud assembly (schema 55).
# ts-node loads TypeScript through v8-compile-cache-lib, whose cache in /tmp the parallel integ processes
# share; once it crashed a process in V8's deserializer ("Check failed: current == end_slot_index").
step integ env TS_NODE_TRANSPILE_ONLY=1 DISABLE_V8_COMPILE_CACHE=1 npx integ-runner --directory test --language typescript

if [ ${#failed[@]} -eq 0 ]; then
  echo "npm test: all steps passed"
else
  echo "npm test: failed steps: ${failed[*]}"
  exit 1
fi
