// esbuild plugin: lets esbuild tree-shake the AWS SDK's generated schema modules.
//
// Each SDK v3 client ships its whole service model as one module (`dist-es/schemas/schemas_0.js`:
// 1.3 MB for EC2) of top-level `export var X$ = [...]` declarations, one per shape, and a bundle
// should keep only the shapes of the commands it sends. esbuild drops an unused declaration only when
// its initializer has no side effects, and these objects use computed keys made of the module's own
// string constants (`{ [_xN]: _RN }` with `const _xN = "xmlName"`): a computed key may run code
// (toString), so esbuild keeps every shape, and a function that sends only DescribeRegions carried
// all 552 KB of EC2's. This rewrites each such key to the literal it names (`{ "xmlName": _RN }`):
// the same object, now free of side effects, so unused shapes are dropped. Only keys naming a
// top-level `const _x = "..."` (no escapes) of the same module are rewritten; the rest is left as is.
import type { Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';

/** Generated schema modules of @aws-sdk packages (nested clients' submodules included). */
export const SCHEMA_MODULE = /[\\/]@aws-sdk[\\/].+[\\/]dist-es[\\/](?:.+[\\/])?schemas[\\/]schemas_\d+\.js$/;

/** Rewrites `[_name]:` computed keys to the string literal `_name` is declared as. */
export function literalSchemaKeys(source: string): { contents: string; rewritten: number } {
  const constants = new Map<string, string>();
  for (const m of source.matchAll(/^const (_\w+) = ("[^"\\\n]*");$/gm))
    if (m[1] !== undefined && m[2] !== undefined) constants.set(m[1], m[2]);
  let rewritten = 0;
  const contents = source.replace(/\[(_\w+)\]:/g, (key, name: string) => {
    const literal = constants.get(name);
    if (literal === undefined) return key;
    rewritten += 1;
    return `${literal}:`;
  });
  return { contents, rewritten };
}

export const sdkSchemaKeys: Plugin = {
  name: 'sdk-schema-keys',
  setup(build) {
    build.onLoad({ filter: SCHEMA_MODULE }, async (args) => ({
      contents: literalSchemaKeys(await readFile(args.path, 'utf8')).contents,
      loader: 'js',
    }));
  },
};
