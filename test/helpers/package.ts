import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}
export interface Resource {
  Type: string;
  Condition?: string;
  Properties: Record<string, unknown>;
}
export interface Template {
  Parameters?: Record<string, Record<string, unknown>>;
  Resources: Record<string, Resource>;
}

/** The CloudFormation logical id serverless gives a function's resources (`rootAccountMfa` -> `RootAccountMfa`). */
export const logicalId = (fn: string) => `${fn.charAt(0).toUpperCase()}${fn.slice(1)}`;
export const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
/** Every statement of a role's inline policies. */
export const statementsOf = (role: Resource | undefined) =>
  (role?.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[]).flatMap(
    (p) => p.PolicyDocument.Statement,
  );

/**
 * `sls package --stage <stage> [--param=...]` (osls, offline, no credentials) into a fresh temporary folder: the
 * packaged template, its path, and `cleanup()` to remove the folder.
 */
export function packageTemplate(params: {
  stage: string;
  dirPrefix: string;
  /** Serverless parameters, e.g. `['orgMode=true']`. */
  slsParams?: readonly string[];
}): {
  template: Template;
  path: string;
  dir: string;
  cleanup(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), params.dirPrefix));
  execFileSync(
    join(ROOT, 'node_modules', '.bin', 'sls'),
    [
      'package',
      '--stage',
      params.stage,
      '--package',
      dir,
      ...(params.slsParams ?? []).map((p) => `--param=${p}`),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, HOME: dir, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '' },
      stdio: 'pipe',
      timeout: 120_000,
    },
  );
  const path = join(dir, 'cloudformation-template-update-stack.json');
  return {
    template: JSON.parse(readFileSync(path, 'utf8')) as Template,
    path,
    dir,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** cfn-lint's output and exit status for a template; fails loudly when cfn-lint is not installed. */
export function cfnLint(path: string): { output: string; status: number | null } {
  const lint = spawnSync('cfn-lint', [path], { cwd: ROOT, encoding: 'utf8' });
  if (lint.error)
    throw new Error('cfn-lint is not installed (pip install cfn-lint); the template tests need it.');
  return { output: lint.stdout + lint.stderr, status: lint.status };
}
