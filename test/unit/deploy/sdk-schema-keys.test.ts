import { build } from 'esbuild';
import type { Plugin } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { literalSchemaKeys, SCHEMA_MODULE, sdkSchemaKeys } from '../../../deploy/sdk-schema-keys';

const root = join(__dirname, '..', '..', '..');
const ec2Schemas = join(root, 'node_modules/@aws-sdk/client-ec2/dist-es/schemas/schemas_0.js');

/** Bundles `contents` (resolved from the repo root) to one CommonJS string, as the functions' build does. */
async function bundle(contents: string, plugins: Plugin[]): Promise<string> {
  const out = await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'],
    minify: true,
    write: false,
    logLevel: 'silent',
    plugins,
  });
  const [file] = out.outputFiles;
  if (file === undefined) throw new Error('esbuild wrote no output');
  return file.text;
}

/** Loads a CommonJS bundle's exports in a fresh context. */
function load(code: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  runInNewContext(code, { module, exports: module.exports, require }, { filename: 'bundle.js' });
  return module.exports;
}

/**
 * Structural equality of two schema graphs: arrays and plain objects member by member, member
 * thunks (`() => Shape$`) by what they return, classes by name; shared and cyclic shapes are
 * compared once (the pair is assumed equal while it is being compared).
 */
function sameSchema(a: unknown, b: unknown, seen = new Map<unknown, unknown>()): boolean {
  if (typeof a === 'function' && typeof b === 'function') {
    const thunk = (f: (...args: unknown[]) => unknown) => f.length === 0 && !/^class\b/.test(f.toString());
    const fa = a as (...args: unknown[]) => unknown;
    const fb = b as (...args: unknown[]) => unknown;
    if (thunk(fa) && thunk(fb)) return sameSchema(fa(), fb(), seen);
    return fa.name === fb.name;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (Array.isArray(a) !== Array.isArray(b) || ka.length !== kb.length) return false;
  return ka.every(
    (k, i) =>
      k === kb[i] && sameSchema((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], seen),
  );
}

describe('sdkSchemaKeys: the SDK model modules become tree-shakable', () => {
  it('rewrites computed keys naming a string constant of the module, and nothing else', () => {
    const source = [
      'const _xN = "xmlName";',
      'const _odd = "a\\"b";',
      'let _l = "let";',
      'export var A$ = [3, n0, "A", 0, [_xN], [[() => B$, { [_xN]: _RN, [_odd]: 1, [_l]: 2, [other]: 3 }]]];',
    ].join('\n');
    const { contents, rewritten } = literalSchemaKeys(source);
    expect(rewritten).toBe(1);
    expect(contents.split('\n')[3]).toBe(
      'export var A$ = [3, n0, "A", 0, [_xN], [[() => B$, { "xmlName": _RN, [_odd]: 1, [_l]: 2, [other]: 3 }]]];',
    );
  });

  it('applies to every client schema module, nested clients included, and to no other file', () => {
    for (const path of [
      ec2Schemas,
      'node_modules/@aws-sdk/nested-clients/dist-es/submodules/sts/schemas/schemas_0.js',
      'C:\\x\\node_modules\\@aws-sdk\\client-iam\\dist-es\\schemas\\schemas_0.js',
    ])
      expect(path).toMatch(SCHEMA_MODULE);
    for (const path of [
      'node_modules/@aws-sdk/client-ec2/dist-es/EC2Client.js',
      'node_modules/@smithy/core/dist-es/submodules/schema/schemas/NormalizedSchema.js',
      'node_modules/@aws-sdk/client-ec2/dist-cjs/schemas/schemas_0.js',
    ])
      expect(path).not.toMatch(SCHEMA_MODULE);
  });

  it('leaves every shape of the real EC2 model identical (all 3,400 exports compared)', async () => {
    const entry = `export * from ${JSON.stringify(ec2Schemas)};`;
    const original = load(await bundle(entry, []));
    const rewritten = load(await bundle(entry, [sdkSchemaKeys]));
    const { rewritten: keys } = literalSchemaKeys(readFileSync(ec2Schemas, 'utf8'));
    expect(keys).toBeGreaterThan(10_000);
    expect(Object.keys(rewritten)).toEqual(Object.keys(original));
    expect(Object.keys(original).length).toBeGreaterThan(3_000);
    const differing = Object.keys(original).filter((name) => !sameSchema(original[name], rewritten[name]));
    expect(differing).toEqual([]);
    // The comparison does see a difference when there is one.
    expect(sameSchema(original.DescribeRegionsRequest$, original.DescribeRegionsResult$)).toBe(false);
  }, 60_000);

  it('drops the shapes a bundle never sends: DescribeRegions alone no longer carries the EC2 model', async () => {
    const entry = [
      `import { EC2Client, DescribeRegionsCommand } from '@aws-sdk/client-ec2';`,
      `export const send = () => new EC2Client({}).send(new DescribeRegionsCommand({}));`,
    ].join('\n');
    const [without, withPlugin] = await Promise.all([bundle(entry, []), bundle(entry, [sdkSchemaKeys])]);
    expect(without.length - withPlugin.length).toBeGreaterThan(500_000);
    expect(withPlugin).toContain('DescribeRegions');
    expect(withPlugin).not.toContain('DescribeSnapshots');
    expect(without).toContain('DescribeSnapshots');
  }, 60_000);
});
