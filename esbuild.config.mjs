// Builds one bundle per Lambda function: dist/<function>/index.js (+ source map), and the CLI:
// cli/main.ts -> dist/cli/index.js. Rule functions come from the registry (rules/index.ts, read
// here through tsx), each from a generated entry that imports only its own rule (deploy/bundles.ts);
// other functions (the dispatcher) are functions/<name>.ts. The AWS SDK is bundled (not taken from
// the runtime) with mainFields ['module', 'main'] so esbuild picks the SDK's ES module builds and
// tree-shakes them: about half the size and cold-start init of esbuild's default for platform node;
// a plugin makes the clients' generated model modules tree-shakable too (deploy/sdk-schema-keys.ts).
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { require as tsxRequire } from 'tsx/cjs/api';

const root = new URL('.', import.meta.url).pathname;
const { BUNDLE_OPTIONS } = tsxRequire('./deploy/bundle-options.ts', import.meta.url);
const onlyCli = process.argv.includes('--cli');
// --outdir=DIR writes the bundles elsewhere than dist/ (the cold-start bench builds a private copy).
const outdir =
  process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? join(root, 'dist');

const common = {
  ...BUNDLE_OPTIONS,
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
};

/** One esbuild job writing dist/<name>/index.js from an entry file or generated source. */
function bundle(name, input) {
  rmSync(join(outdir, name), { recursive: true, force: true });
  return build({ ...common, ...input, outfile: join(outdir, name, 'index.js') });
}

const jobs = [];
if (!onlyCli) {
  const { rules } = tsxRequire('./rules/index.ts', import.meta.url);
  const { ruleEntries } = tsxRequire('./deploy/bundles.ts', import.meta.url);
  for (const entry of ruleEntries(rules.map((r) => r.meta.id))) {
    const stdin = { contents: entry.contents, resolveDir: root, sourcefile: entry.sourcefile, loader: 'ts' };
    jobs.push(bundle(entry.name, { stdin }));
  }
  const others = readdirSync(join(root, 'functions')).filter((f) => f.endsWith('.ts'));
  for (const file of others)
    jobs.push(bundle(basename(file, '.ts'), { entryPoints: [join(root, 'functions', file)] }));
}
if (existsSync(join(root, 'cli', 'main.ts'))) {
  jobs.push(
    build({
      ...common,
      entryPoints: [join(root, 'cli', 'main.ts')],
      outfile: join(outdir, 'cli', 'index.js'),
    }),
  );
}
await Promise.all(jobs);
