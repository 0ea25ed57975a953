// Bundles bench/entries/bench.ts (production lib/ and rules/ code plus the fake AWS) into a CommonJS
// file the .mjs benchmarks require; bench/results/ is git-ignored.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { require as tsxRequire } from 'tsx/cjs/api';

export const root = new URL('..', import.meta.url).pathname;
const { BUNDLE_OPTIONS } = tsxRequire('../deploy/bundle-options.ts', import.meta.url);
// DRIFTWATCH_BENCH_DIR gives a private build directory, so two benchmarks can run side by side.
export const buildDir = process.env.DRIFTWATCH_BENCH_DIR ?? join(root, 'bench', 'results', 'build');

/** Builds once per process and returns the bundle's exports. */
export async function loadBench() {
  const outfile = join(buildDir, 'bench.cjs');
  await build({
    entryPoints: [join(root, 'bench', 'entries', 'bench.ts')],
    ...BUNDLE_OPTIONS,
    // Unminified: profiles of the benchmarks name the source's functions.
    minify: false,
    outfile,
    logLevel: 'error',
  });
  return createRequire(import.meta.url)(outfile);
}

/**
 * One rule's scale-worker bundle (bench/scale-worker.mjs): that rule, the engine and the stored
 * inventory only, minified like its Lambda bundle, so the worker's RSS is what the rule's function
 * would hold rather than every rule and client of bench.cjs. Returns the bundle's path.
 */
export async function buildRuleWorker(ruleId, functionName) {
  const outfile = join(buildDir, `scale-worker-${ruleId}.cjs`);
  await build({
    stdin: {
      contents: [
        `export { runRule } from './lib/engine';`,
        `export { loadSnapshot, snapshotInventory } from './lib/inventory/snapshot-file';`,
        `export { StoredInventory } from './lib/inventory/memory';`,
        `export { resolveRequest } from './lib/request';`,
        `export { ${functionName} as rule } from './rules/${ruleId}';`,
      ].join('\n'),
      resolveDir: root,
      sourcefile: `scale-worker-${ruleId}.ts`,
      loader: 'ts',
    },
    ...BUNDLE_OPTIONS,
    outfile,
    logLevel: 'error',
  });
  return outfile;
}
