/** Jest projects: unit and contract are fast and pure; e2e and template start real tools (moto_server, osls, cfn-lint). */
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest'] };
const common = {
  transform,
  transformIgnorePatterns: ['/node_modules/(?!@middy/)'],
  testEnvironment: 'node',
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...common, displayName: 'contract', testMatch: ['<rootDir>/test/contract/**/*.test.ts'] },
    // moto_server, sls and cfn-lint start slowly on a busy 2-core machine: a hook's default 5 s is not a bound on
    // the code under test but on the machine's load, so these projects get a generous one (each test still
    // bounds what it waits for itself).
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], testTimeout: 120_000 },
    {
      ...common,
      displayName: 'template',
      testMatch: ['<rootDir>/test/template/**/*.test.ts'],
      testTimeout: 300_000,
    },
  ],
};
