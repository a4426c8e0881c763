// Prints the line CI reads, `tests: N passed, N failed`, summed over jest's JSON results of every run
// scripts/test.sh makes (test-results/jest*.json: the floor, the newest aws-cdk-lib, the consumer app).
const fs = require('fs');
const path = require('path');

const dir = process.argv[2] || 'test-results';
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter(f => /^jest.*\.json$/.test(f)) : [];
if (files.length === 0) {
  console.log(`(no jest results in ${dir}: jest did not run)`);
  console.log('tests: 0 passed, 0 failed');
  process.exit(0);
}
let passed = 0;
let failed = 0;
for (const file of files) {
  const results = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  passed += results.numPassedTests;
  // A suite that fails to load has no failed tests of its own: count it as one failure.
  failed += results.numFailedTests + results.numRuntimeErrorTestSuites;
}
console.log(`tests: ${passed} passed, ${failed} failed`);
