import { evaluateRule } from '../../../lib/engine';
import { loadSnapshot, snapshotInventory } from '../../../lib/inventory/snapshot-file';
import { defaultsFromEnv, parsePayload, resolveRequest } from '../../../lib/request';
import { iamCredentials } from '../../../rules/iam-credentials';
import { DEMO, runCli } from './io';

interface ScanDoc {
  readonly counts: { readonly FAIL: number };
  readonly findings: readonly { readonly id: string; readonly status: string }[];
}

async function scanJson(args: readonly string[], env: Record<string, string> = {}): Promise<ScanDoc> {
  const out = await runCli(
    ['scan', '--snapshot', DEMO, '--rule', 'iam-credentials', '--format', 'json', ...args],
    {
      env,
    },
  );
  expect(out).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(out.stdout) as ScanDoc;
}

describe('driftwatch scan rule parameters', () => {
  it('evaluates --param exactly as a deployed function evaluates the same params in its payload', async () => {
    // Prepare: the function's pipeline over the same file, with { params: { unusedDays: 1 } } as payload
    const snapshot = loadSnapshot(DEMO);
    const capturedAt = new Date(snapshot.capturedAt);
    const request = resolveRequest(
      iamCredentials,
      defaultsFromEnv({}),
      parsePayload({ params: { unusedDays: 1 } }),
    );
    const lambda = await evaluateRule(iamCredentials, request, {
      inventory: snapshotInventory(snapshot),
      now: () => capturedAt,
    });

    // Act
    const withParam = await scanJson(['--param', 'unusedDays=1']);
    const byDefault = await scanJson([]);

    // Assess: the parameter changed verdicts, and to the function's verdicts
    expect(withParam.counts.FAIL).toBeGreaterThan(byDefault.counts.FAIL);
    const statuses = (fs: readonly { id: string; status: string }[]) =>
      Object.fromEntries(fs.map((f) => [f.id, f.status]));
    expect(statuses(withParam.findings)).toEqual(statuses(lambda.findings));
  });

  it('takes DRIFTWATCH_PARAMS, then --params, then --param, the later winning', async () => {
    // Prepare
    const env = { DRIFTWATCH_PARAMS: '{"unusedDays":1}' };
    const strict = (await scanJson(['--param', 'unusedDays=1'])).counts.FAIL;
    const lenient = (await scanJson([])).counts.FAIL;

    // Act
    const fromEnv = await scanJson([], env);
    const paramsOverEnv = await scanJson(['--params', '{"iam-credentials":{"unusedDays":45}}'], env);
    const paramOverParams = await scanJson(
      ['--params', '{"unusedDays":45}', '--param', 'iam-credentials.unusedDays=1'],
      env,
    );

    // Assess
    expect(fromEnv.counts.FAIL).toBe(strict);
    expect(paramsOverEnv.counts.FAIL).toBe(lenient);
    expect(paramOverParams.counts.FAIL).toBe(strict);
  });

  it('applies a bare key only to the selected rules that declare it, so every rule can be scanned with it', async () => {
    // Act
    const out = await runCli(['scan', '--snapshot', DEMO, '--param', 'unusedDays=1', '--format', 'json']);

    // Assess
    expect(out.code).toBe(0);
    expect(out.stderr).not.toMatch(/--param/);
  });

  it.each([
    [
      'a value the schema refuses',
      ['--param', 'unusedDays=abc'],
      {},
      'driftwatch: --param iam-credentials.unusedDays: expected a whole number of days for unusedDays, got "abc".',
    ],
    [
      'a value out of range in --params',
      ['--params', '{"iam-credentials":{"rotationDays":5000}}'],
      {},
      'driftwatch: --params iam-credentials.rotationDays: expected 1 to 365 days for rotationDays, got 5000.',
    ],
    [
      'a bad DRIFTWATCH_PARAMS value',
      [],
      { DRIFTWATCH_PARAMS: '{"rotationDays":0}' },
      'driftwatch: DRIFTWATCH_PARAMS iam-credentials.rotationDays: expected 1 to 365 days for rotationDays, got 0.',
    ],
    [
      'a parameter the targeted rule does not take',
      ['--param', 'iam-credentials.maxAge=3'],
      {},
      'driftwatch: --param iam-credentials.maxAge: unknown parameter; iam-credentials takes unusedDays, rotationDays, rootUseWindowDays.',
    ],
    [
      'a rule that is not selected',
      ['--param', 's3-buckets.x=1'],
      {},
      'driftwatch: --param: rule s3-buckets is not selected (add --rule s3-buckets, or drop its parameter "x").',
    ],
    [
      'a key no selected rule declares',
      ['--param', 'nope=1'],
      {},
      'driftwatch: --param: no selected rule has a parameter "nope"; expected one of iam-credentials: unusedDays, rotationDays, rootUseWindowDays (driftwatch rules lists them with defaults).',
    ],
    [
      'a --param without =',
      ['--param', 'unusedDays'],
      {},
      'driftwatch: --param: expected key=value or rule-id.key=value (e.g. --param iam-credentials.rotationDays=60), got "unusedDays".',
    ],
    [
      '--params that is not JSON',
      ['--params', '{unusedDays:1}'],
      {},
      'driftwatch: --params: expected a JSON object such as {"rotationDays":60} or {"iam-credentials":{"rotationDays":60}}, got "{unusedDays:1}".',
    ],
    [
      'DRIFTWATCH_PARAMS that is a list',
      [],
      { DRIFTWATCH_PARAMS: '[1]' },
      'driftwatch: DRIFTWATCH_PARAMS: expected a JSON object such as {"rotationDays":60} or {"iam-credentials":{"rotationDays":60}}, got a list of 1 item.',
    ],
  ])('refuses %s in one line naming the flag, exit 2', async (_label, args, env, line) => {
    // Act
    const out = await runCli(['scan', '--snapshot', DEMO, '--rule', 'iam-credentials', ...args], { env });

    // Assess
    expect(out).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });
});
