import { runRule } from '../../../../lib/engine';
import type { Finding } from '../../../../lib/findings';
import { StoredInventory, storedValues } from '../../../../lib/inventory/memory';
import { emailBody, emailHeader, subject } from '../../../../lib/publish/format';
import { groupByCause } from '../../../../lib/publish/causes';
import { firstClause } from '../../../../lib/publish/headline';
import { buildMessages } from '../../../../lib/publish/sns';
import { rootAccountMfa } from '../../../../rules/root-account-mfa';
import { finding, runOf, runRequest } from '../../../helpers/runs';

const ACCOUNT = '111122223333';
const REGIONS = ['ap-southeast-2', 'eu-west-1', 'us-east-1', 'us-west-2'];
const TRAIL = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events`;
const EVIDENCE = { trails: [{ name: 'management-events', arn: TRAIL, problems: ['is not logging'] }] };

/** What cloudtrail-enabled reports for one stopped multi-region trail: the account check and every region's. */
function stoppedTrail(): Finding[] {
  const account = finding({
    id: `cloudtrail-enabled|${ACCOUNT}|global|${ACCOUNT}|multi-region-trail`,
    ruleId: 'cloudtrail-enabled',
    checkId: 'multi-region-trail',
    severity: 'high',
    message: `Account ${ACCOUNT} has no multi-region trail that records read and write management events: management-events is not logging.`,
    details: EVIDENCE,
  });
  const regional = REGIONS.map((region) =>
    finding({
      id: `cloudtrail-enabled|${ACCOUNT}|${region}|${region}|region-logged`,
      ruleId: 'cloudtrail-enabled',
      checkId: 'region-logged',
      severity: 'high',
      region,
      resource: { type: 'AwsRegion', id: region },
      message: `No trail records read and write management events in ${region}: multi-region trail management-events${region === 'us-east-1' ? '' : ' (homed in us-east-1)'} is not logging.`,
      details: EVIDENCE,
      ...(region === 'us-east-1'
        ? {
            remediation: {
              action: 'cloudtrail:StartLogging',
              description: 'Start logging on trail management-events in us-east-1',
              status: 'planned' as const,
              dryRun: true,
            },
          }
        : {}),
    }),
  );
  return [account, ...regional];
}

describe('the alert email, for the security team', () => {
  it('shows one stopped multi-region trail as one block listing its regions, its action once', () => {
    // Prepare
    const run = runOf(stoppedTrail(), { ruleId: 'cloudtrail-enabled', regions: REGIONS });

    // Act
    const body = emailBody(run.findings);

    // Assess
    const blocks = body.split('\n\n');
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toContain('FAIL  HIGH  account-wide and 4 regions  (one cause, 5 findings)');
    expect(blocks[0]).toContain(`  Regions: ${REGIONS.join(', ')}`);
    expect(blocks[0]).toContain('No trail records read and write management events in us-east-1:');
    expect(blocks[0]).toContain(`Account ${ACCOUNT} has no multi-region trail`);
    expect(blocks[0]?.match(/Would: Start logging/g)).toHaveLength(1);
    expect(blocks[0]).not.toContain('(homed in us-east-1)');
  });

  it('leads the subject and the first line with the problem, counting the regions', () => {
    const run = runOf(stoppedTrail(), { ruleId: 'cloudtrail-enabled', regions: REGIONS });
    expect(subject(run)).toBe(
      `No trail records read and write management events in 4 regions - account ${ACCOUNT} [5 FAIL, high]`,
    );
    expect(emailHeader(run).split('\n')[0]).toBe(
      `No trail records read and write management events in 4 regions — account ${ACCOUNT}`,
    );
  });

  it('keeps findings with different evidence, resources or drift apart', () => {
    const a = finding({
      resource: { type: 'AwsEc2Volume', id: 'vol-1' },
      region: 'us-east-1',
      details: { x: 1 },
    });
    const b = { ...a, id: 'b', resource: { type: 'AwsEc2Volume', id: 'vol-2' } };
    const c = { ...a, id: 'c', details: { x: 2 } };
    const d = {
      ...a,
      id: 'd',
      region: 'eu-west-1',
      drift: { state: 'NEW' as const, firstSeen: 'x', notify: true },
    };
    expect(groupByCause([a, b, c, d]).map((g) => g.findings.length)).toEqual([1, 1, 1, 1]);
    const sameDenied = ['us-east-1', 'eu-west-1'].map((region) =>
      finding({
        id: region,
        status: 'ERROR',
        region,
        resource: { type: 'AwsRegion', id: region },
        message: `Could not check "x" in ${region} of account ${ACCOUNT}: AccessDenied.`,
        details: { errorCode: 'AccessDenied', error: `Could not read trails in ${region}: AccessDenied` },
      }),
    );
    expect(groupByCause(sameDenied)).toHaveLength(1);
  });

  it('names an EBS volume by its Name tag, size and attached instance', () => {
    const volume = finding({
      ruleId: 'ebs-snapshot-lifecycle',
      region: 'us-east-1',
      resource: { type: 'AwsEc2Volume', id: 'vol-0abc', tags: { Name: 'orders-db' } },
      message: 'Volume vol-0abc is behind its daily schedule.',
      details: { sizeGiB: 200, attachedTo: ['i-0123'] },
    });
    const email = emailBody([volume]);
    expect(email).toContain('FAIL  CRITICAL  us-east-1  vol-0abc ("orders-db", 200 GiB, attached to i-0123)');
  });

  it('cuts a message to its first clause outside parentheses and quotes', () => {
    expect(
      firstClause('EC2 instance i-1 ("web; 1"; owner: a) will be retired, because its host fails.'),
    ).toBe('EC2 instance i-1 ("web; 1"; owner: a) will be retired');
  });
});

describe('How to fix, specific to the finding', () => {
  async function rootFindings(mfa: number, devices: unknown[]) {
    const inventory = new StoredInventory(
      storedValues({
        'sts.callerIdentity': {
          global: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/me`, partition: 'aws' },
        },
        'iam.accountSummary': { global: { AccountMFAEnabled: mfa, AccountPasswordPresent: 1 } },
        'iam.virtualMfaDevices': { global: devices },
      }),
    );
    return runRule(rootAccountMfa, runRequest(), { inventory });
  }

  it('tells a root user with virtual MFA how to move to hardware, not to assign an MFA device', async () => {
    // Prepare
    const serial = `arn:aws:iam::${ACCOUNT}:mfa/root-phone`;
    const run = await rootFindings(1, [{ serialNumber: serial, userArn: `arn:aws:iam::${ACCOUNT}:root` }]);

    // Act
    const [m] = buildMessages(run, rootAccountMfa.meta.remediation.text);
    const email = (JSON.parse(m!.message) as { email: string }).email;

    // Assess
    expect(email).toContain(`How to fix: MFA is on, but on a virtual device (${serial}).`);
    expect(email).toContain('assign a FIDO security key or a hardware TOTP token');
    expect(email).not.toContain(rootAccountMfa.meta.remediation.text);
    expect(m!.subject).toMatch(
      /^Root user uses a virtual MFA device \(arn:aws:iam::[^ ]+ - account 111122223333$/,
    );
    expect(m!.subject.length).toBeLessThanOrEqual(100);
  });

  it('leads with "Root user has no MFA device" and says how to add one when there is none', async () => {
    const run = await rootFindings(0, []);
    const [m] = buildMessages(run, rootAccountMfa.meta.remediation.text);
    const email = (JSON.parse(m!.message) as { email: string }).email;
    expect(m!.subject).toBe(
      `Root user has no MFA device - account ${ACCOUNT} [driftwatch: 1 FAIL, critical]`,
    );
    expect(email.split('\n')[0]).toBe(`Root user has no MFA device — account ${ACCOUNT}`);
    expect(email).toContain('How to fix: Sign in to account 111122223333 as the root user');
  });
});
