// Bundles bench/entries/bench.ts (production lib/ and rules/ code plus the fake AWS) into a CommonJS
// file the .mjs benchmarks require; bench/results/ is git-ignored.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;
export const buildDir = join(root, 'bench', 'results', 'build');

/** Builds once per process and returns the bundle's exports. */
export async function loadBench() {
  const outfile = join(buildDir, 'bench.cjs');
  await build({
    entryPoints: [join(root, 'bench', 'entries', 'bench.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    keepNames: true,
    outfile,
    logLevel: 'error',
  });
  return createRequire(import.meta.url)(outfile);
}
