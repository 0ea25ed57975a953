import { functionName } from '../lib/rule';

/** One generated Lambda entry point: esbuild `stdin` for `dist/<name>/index.js`. */
export interface BundleEntry {
  readonly name: string;
  /** Where the bundle's source map says it came from (no such file exists). */
  readonly sourcefile: string;
  readonly contents: string;
}

/**
 * The entry point of each rule's function, generated from the registry (no per-rule file in
 * `functions/`): it imports only its own rule's folder, so a bundle carries one rule and the
 * clients that rule's reads and actions use.
 */
export function ruleEntries(ruleIds: readonly string[]): BundleEntry[] {
  return ruleIds.map((id) => {
    const name = functionName(id);
    return {
      name,
      sourcefile: `functions/${name}.generated.ts`,
      contents: [
        `import { ruleHandler } from './lib/handler';`,
        `import { ${name} as rule } from './rules/${id}';`,
        '',
        'export const handler = ruleHandler(rule);',
        '',
      ].join('\n'),
    };
  });
}
