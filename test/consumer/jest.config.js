// The consumer test runs apart from the unit tests (scripts/test.sh): it packs and installs the library.
const base = require('../../jest.config.js');

module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/test/consumer'],
  testPathIgnorePatterns: ['/node_modules/'],
  moduleNameMapper: {},
  testTimeout: 600000,
};
