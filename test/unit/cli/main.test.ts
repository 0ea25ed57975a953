import { rules } from '../../../rules';
import { runCli } from './io';

describe('driftwatch help and commands', () => {
  it.each([[[]], [['--help']], [['-h']], [['help']]])('prints the overview for %j', async (argv) => {
    const out = await runCli(argv);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^Usage: driftwatch <command> \[options\]/);
    expect(out.stdout).toContain('driftwatch scan --snapshot demo/demo-account.json');
  });

  it.each(['scan', 'snapshot', 'rules'])(
    'prints the help of %s with --help, -h and help <command>',
    async (command) => {
      for (const argv of [
        [command, '--help'],
        [command, '-h'],
        ['help', command],
      ]) {
        const out = await runCli(argv);
        expect(out.code).toBe(0);
        expect(out.stdout).toMatch(new RegExp(`^Usage: driftwatch ${command}`));
      }
    },
  );

  it('rejects an unknown command in one line with exit 2', async () => {
    const out = await runCli(['scna']);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      'driftwatch: unknown command "scna"; expected one of scan, snapshot, rules, report, events, completion (see driftwatch --help).\n',
    );
  });

  it('prints its version', async () => {
    expect((await runCli(['--version'])).stdout).toMatch(/^driftwatch \d+\.\d+\.\d+\n$/);
  });

  it('requires --out for snapshot, before touching AWS', async () => {
    const out = await runCli(['snapshot']);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      'driftwatch: snapshot: --out FILE is required (see driftwatch snapshot --help).\n',
    );
  });
});

describe('driftwatch rules', () => {
  it('lists every registered rule with severity, scope, CIS ids and permissions', async () => {
    // Act
    const out = await runCli(['rules']);

    // Assess
    expect(out.code).toBe(0);
    for (const rule of rules)
      expect(out.stdout).toContain(`${rule.meta.id}  (${rule.meta.severity}, ${rule.meta.scope})`);
    expect(out.stdout).toContain('CIS v3.0: 1.5, 1.6   CIS v5.0: 1.4, 1.5   Security Hub: IAM.9, IAM.6');
    expect(out.stdout).toContain('Reads: iam:GetAccountSummary, iam:ListVirtualMFADevices');
  });

  it('writes the full metadata as JSON for one rule', async () => {
    const out = await runCli(['rules', '--rule', 'root-account-mfa', '--format', 'json']);
    const metas = (JSON.parse(out.stdout) as { rules: { id: string; controls: { cisV5: string[] } }[] })
      .rules;
    expect(metas).toHaveLength(1);
    expect(metas[0]).toMatchObject({ id: 'root-account-mfa', controls: { cisV5: ['1.4', '1.5'] } });
  });

  it('lists each rule parameter with its default, in the table and as JSON Schema', async () => {
    const table = await runCli(['rules', '--rule', 'ebs-snapshot-lifecycle']);
    expect(table.stdout).toContain(
      'Parameters: scheduleTag="driftwatch:snapshot-schedule", retentionTag="driftwatch:snapshot-retention", copyTags=["Name"], maxDeletionsPerRun=100',
    );
    const json = await runCli(['rules', '--rule', 'ec2-scheduled-events', '--format', 'json']);
    const [meta] = (
      JSON.parse(json.stdout) as { rules: { params: { properties: Record<string, { default: unknown }> } }[] }
    ).rules;
    expect(meta?.params.properties.lookaheadDays?.default).toBe(14);
    expect(meta?.params.properties.maintenanceWindowTag?.default).toBe('MaintenanceWindow');
  });
});
