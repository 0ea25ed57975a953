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
  // driftwatch supports Node >= 20.19 (package.json engines): the SDK's "Node 22 from 2027" notice would
  // print on every run on Node 20 and break "one clear line" errors. Set the variable to "false" to see it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  require(bundle).runCli();
}
