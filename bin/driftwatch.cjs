#!/usr/bin/env node
// The driftwatch CLI. The TypeScript source is cli/main.ts; `npm run build` (or `node esbuild.config.mjs --cli`)
// bundles it into dist/cli/index.js.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'cli', 'index.js');
if (!existsSync(bundle)) {
  process.stderr.write('driftwatch: the CLI is not built yet; run `npm run build` (or `npm start`) first.\n');
  process.exitCode = 2;
} else {
  require(bundle).runCli();
}
