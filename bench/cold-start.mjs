// (d) Cold start: each function's bundle size and the time `require()` of its bundle takes (module
// init: the SDK clients, Powertools, zod schemas, the handler's config), median of many fresh processes.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildDir, root } from './build.mjs';
import { median, round } from './table.mjs';

const PROBE = `
const { performance } = require('node:perf_hooks');
const t0 = performance.now();
require(process.argv[1]);
process.stdout.write(String(performance.now() - t0));
`;

/** Builds every function into a private directory (others may rebuild dist/ meanwhile), then times it. */
export async function coldStart({ runs = 15, dist = join(buildDir, 'dist') } = {}) {
  execFileSync(process.execPath, [join(root, 'esbuild.config.mjs'), `--outdir=${dist}`], {
    stdio: 'inherit',
  });
  // Every function bundle esbuild wrote (rule functions come from generated entries, not functions/).
  const functions = readdirSync(dist)
    .filter((d) => d !== 'cli' && existsSync(join(dist, d, 'index.js')))
    .sort();
  const rows = [];
  for (const fn of functions) {
    const bundle = join(dist, fn, 'index.js');
    const times = [];
    for (let i = 0; i < runs; i += 1) {
      const out = execFileSync(process.execPath, ['-e', PROBE, bundle], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1', DRIFTWATCH_NOTIFY: 'never' },
      });
      times.push(Number(out));
    }
    rows.push({
      function: fn,
      bundleKB: round(statSync(bundle).size / 1024),
      gzipKB: round(gzipSync(readFileSync(bundle)).length / 1024),
      requireMedianMs: round(median(times)),
      requireMinMs: round(Math.min(...times)),
      requireMaxMs: round(Math.max(...times)),
    });
  }
  return { runsPerFunction: runs, functions: rows };
}
