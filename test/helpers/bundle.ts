import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BUNDLE_OPTIONS } from '../../deploy/bundle-options';

const ROOT = resolve(__dirname, '..', '..');

/** A rule's handler bundled with another suppressions document; `remove()` deletes it. */
export interface TestBundle {
  /** Absolute path of the bundle's index.js, for `invokeBundle`. */
  readonly path: string;
  remove(): void;
}

/**
 * Bundles the Lambda handler of rule `ruleId` as esbuild.config.mjs does, but with `suppressions`
 * in place of the repository's suppressions.json, which every bundle embeds at build time. A deployed
 * function therefore takes suppressions from nothing at run time (no variable, no file path): tests
 * that need some build a bundle with them, as a deployment with that suppressions.json would.
 */
export async function bundleWithSuppressions(ruleId: string, suppressions: unknown): Promise<TestBundle> {
  const dir = mkdtempSync(join(tmpdir(), 'driftwatch-bundle-'));
  const path = join(dir, 'index.js');
  await build({
    stdin: {
      contents: [
        `import { ruleHandler } from ${JSON.stringify(join(ROOT, 'lib', 'handler'))};`,
        `import { findRule } from ${JSON.stringify(join(ROOT, 'rules'))};`,
        `export const handler = ruleHandler(findRule(${JSON.stringify(ruleId)}));`,
      ].join('\n'),
      resolveDir: ROOT,
      loader: 'ts',
    },
    ...BUNDLE_OPTIONS,
    logLevel: 'warning',
    outfile: path,
    plugins: [
      ...BUNDLE_OPTIONS.plugins,
      {
        name: 'test-suppressions',
        setup(b) {
          b.onResolve({ filter: /[/\\]suppressions\.json$/ }, () => ({
            path: 'suppressions.json',
            namespace: 'test-suppressions',
          }));
          b.onLoad({ filter: /.*/, namespace: 'test-suppressions' }, () => ({
            contents: JSON.stringify(suppressions),
            loader: 'json',
          }));
        },
      },
    ],
  });
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
