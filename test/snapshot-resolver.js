// Keeps jest snapshots per aws-cdk-lib version under test: `__snapshots__/` for the floor of the peer
// range, `__snapshots__/latest/` for the newest (CDK_LIB=latest), so neither run skips a snapshot.
const path = require('path');

const dir = process.env.CDK_LIB === 'latest' ? path.join('__snapshots__', 'latest') : '__snapshots__';

module.exports = {
  resolveSnapshotPath: (testPath, extension) => path.join(path.dirname(testPath), dir, path.basename(testPath) + extension),
  resolveTestPath: (snapshotPath, extension) => {
    let folder = path.dirname(snapshotPath); // .../__snapshots__ or .../__snapshots__/latest
    if (path.basename(folder) === 'latest') folder = path.dirname(folder);
    return path.join(path.dirname(folder), path.basename(snapshotPath, extension));
  },
  testPathForConsistencyCheck: path.join('test', 'example.test.ts'),
};
