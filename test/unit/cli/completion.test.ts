import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPORT_FLAGS } from '../../../cli/report';
import { RULES_FLAGS } from '../../../cli/rules';
import { SCAN_FLAGS } from '../../../cli/scan-flags';
import { SNAPSHOT_FLAGS } from '../../../cli/snapshot';
import { runCli } from './io';

const COMMANDS = { scan: SCAN_FLAGS, snapshot: SNAPSHOT_FLAGS, rules: RULES_FLAGS, report: REPORT_FLAGS };

describe('driftwatch completion', () => {
  let dir: string;
  let bashScript: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'driftwatch-completion-'));
    const out = await runCli(['completion', 'bash']);
    expect(out).toMatchObject({ code: 0, stderr: '' });
    bashScript = join(dir, 'driftwatch.bash');
    writeFileSync(bashScript, out.stdout);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** What bash completes for the words typed so far (the last one being completed). */
  function complete(...words: string[]): string[] {
    const script = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _driftwatch; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const out = execFileSync('bash', ['-c', script, 'bash', bashScript, 'driftwatch', ...words], {
      encoding: 'utf8',
    });
    return out.split('\n').filter(Boolean);
  }

  it('completes commands, every flag of a command, and the values the flags accept (bash)', () => {
    expect(complete('')).toEqual(
      expect.arrayContaining(['scan', 'snapshot', 'rules', 'report', 'completion']),
    );
    expect(complete('scan', '--exclude-')).toEqual(['--exclude-regions', '--exclude-rule']);
    expect(complete('scan', '--format', 'ocsf')).toEqual(['ocsf', 'ocsf-jsonl']);
    expect(complete('scan', '--fail-on', 'high,e')).toEqual(['high,error']);
    expect(complete('scan', '--rule', 'root-account-mfa,iam-pa')).toEqual([
      'root-account-mfa,iam-password-policy',
    ]);
    expect(complete('scan', '--region', 'eu-west-')).toEqual(['eu-west-1', 'eu-west-2', 'eu-west-3']);
    expect(complete('completion', '')).toEqual(['bash', 'zsh']);
  });

  it.each(['bash', 'zsh'])(
    'is generated from the flag definitions: every flag of every command is in the %s script',
    async (shell) => {
      // Act
      const script = (await runCli(['completion', shell])).stdout;

      // Assess
      for (const [command, flags] of Object.entries(COMMANDS))
        for (const flag of Object.keys(flags))
          expect({ command, flag, found: script.includes(`--${flag}`) }).toEqual({
            command,
            flag,
            found: true,
          });
    },
  );

  it('writes a bash script bash accepts', () => {
    expect(() => execFileSync('bash', ['-n', bashScript])).not.toThrow();
  });

  it.each([
    [['completion', 'fish'], 'driftwatch: completion: expected a shell, one of bash, zsh, got "fish".'],
    [
      ['completion'],
      'driftwatch: completion: expected a shell, one of bash, zsh (e.g. driftwatch completion bash).',
    ],
    [
      ['completion', 'bash', '--shell'],
      'driftwatch: completion: unknown option --shell (see driftwatch completion --help).',
    ],
  ])('refuses %j in one line, exit 2', async (argv, line) => {
    expect(await runCli(argv)).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });
});
