/** Jest projects: unit and contract are fast and pure; e2e and template start real tools (moto_server, osls, cfn-lint). */
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest'] };
const slow = '<rootDir>/test/helpers/slow-project.ts';
const common = {
  transform,
  transformIgnorePatterns: ['/node_modules/(?!@middy/)'],
  testEnvironment: 'node',
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...common, displayName: 'contract', testMatch: ['<rootDir>/test/contract/**/*.test.ts'] },
    // moto_server, sls and cfn-lint are slow on a busy 2-core machine: see test/helpers/slow-project.ts.
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      setupFilesAfterEnv: [slow],
    },
    {
      ...common,
      displayName: 'template',
      testMatch: ['<rootDir>/test/template/**/*.test.ts'],
      setupFilesAfterEnv: [slow],
    },
  ],
};
