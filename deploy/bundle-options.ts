// The esbuild options every Lambda bundle is built with (esbuild.config.mjs), shared with the
// benchmarks' per-rule workers (bench/build.mjs) and the tests that bundle a handler themselves
// (test/helpers/bundle.ts), so what they measure and test is built as what is deployed.
import type { BuildOptions } from 'esbuild';
import { sdkSchemaKeys } from './sdk-schema-keys';

export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  // Error classes keep their names in stack traces and in `sls invoke`'s errorType.
  keepNames: true,
  // The SDK's ES module builds, which esbuild tree-shakes: about half the size and cold-start init
  // of esbuild's default for platform node.
  mainFields: ['module', 'main'],
  legalComments: 'none',
  // Lets esbuild drop the SDK model shapes a bundle never sends (sdk-schema-keys.ts).
  plugins: [sdkSchemaKeys],
} as const satisfies BuildOptions;
