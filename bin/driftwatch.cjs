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
  // driftwatch supports Node >= 20.19 (package.json engines). The SDK's multi-line "Node 22 from 2027"
  // notice would break "one clear line" errors on every run, so it is replaced by one line of our own,
  // said on a terminal (scripts and CI logs parse stderr); AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=false
  // shows the SDK's own text instead.
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22 && process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED === undefined) {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    if (process.stderr.isTTY)
      process.stderr.write(
        `driftwatch: running on Node ${process.versions.node}; AWS SDK releases from January 2027 need Node 22 (the Lambda functions run nodejs22.x).\n`,
      );
  }
  require(bundle).runCli();
}
