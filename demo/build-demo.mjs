// Writes demo/demo-account.json from demo/demo-account.ts: `node demo/build-demo.mjs`.
// Uses esbuild (already a dev dependency) to load the TypeScript, so no extra tooling is needed.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'driftwatch-demo-'));
try {
  const outfile = join(dir, 'demo.cjs');
  await build({
    entryPoints: [join(root, 'demo', 'demo-account.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'warning',
  });
  const { demoSnapshot } = createRequire(import.meta.url)(outfile);
  const target = join(root, 'demo', 'demo-account.json');
  writeFileSync(target, `${JSON.stringify(demoSnapshot(), null, 2)}\n`);
  console.log(`wrote ${target}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
