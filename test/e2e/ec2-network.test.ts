import {
  DisableEbsEncryptionByDefaultCommand,
  EC2Client,
  GetEbsEncryptionByDefaultCommand,
} from '@aws-sdk/client-ec2';
import { ClientFactory } from '../../lib/aws/clients';
import type { Finding } from '../../lib/findings';
import { ruleHandler } from '../../lib/handler';
import type { RunSummary } from '../../lib/summary';
import { ec2Network } from '../../rules/ec2-network';
import { createInbox } from '../helpers/alerts';
import { lambdaContext } from '../helpers/lambda';
import { motoClient, useMoto } from '../helpers/moto';
import { exposedNetwork } from '../helpers/seed-cis';

const REGION = 'us-east-1';

// moto gaps met here: none of the checks needs a mock. moto creates every VPC with a default
// security group that has an allow-all egress rule (as AWS does) and a default network ACL that
// allows everything, so both FAIL out of the box, as they do in a new AWS account.
describe('ec2-network through ruleHandler on moto_server', () => {
  const moto = useMoto({ processEnv: true });
  const ec2 = () => motoClient(moto(), EC2Client, REGION);

  /** Runs the rule's handler in process, alerting always, and returns the summary and the alerted findings. */
  async function invoke(
    event: Record<string, unknown>,
  ): Promise<{ summary: RunSummary; findings: Finding[] }> {
    const inbox = await createInbox(moto());
    const handler = ruleHandler(ec2Network, {
      env: { ...moto().env, DRIFTWATCH_TOPIC_ARN: inbox.topicArn, DRIFTWATCH_NOTIFY: 'always' },
      clients: new ClientFactory(),
    });
    const summary = await handler(event, lambdaContext());
    const findings = (await inbox.receive()).flatMap((a) => a.body.findings);
    return { summary, findings };
  }
  const find = (findings: Finding[], checkId: string, id: string) =>
    findings.find((f) => f.checkId === checkId && f.resource.id === id);

  it('finds SSH open to the internet, the default group and ACL, IMDSv1, broad peering and EBS encryption off, each under its CIS v5.0 control', async () => {
    // Prepare
    const { groupId, routeTable: table } = await exposedNetwork(moto(), REGION);

    // Act
    const { summary, findings } = await invoke({ regions: [REGION] });

    // Assess
    expect(summary.partial).toBe(false);
    expect(find(findings, 'sg-admin-ports-ipv6', groupId)).toMatchObject({
      status: 'FAIL',
      controls: { cisV5: ['5.4'], securityHub: ['EC2.54'] },
    });
    expect(find(findings, 'sg-admin-ports-ipv4', groupId)?.status).toBe('PASS');
    expect(find(findings, 'cifs-restricted', groupId)?.status).toBe('FAIL');
    const defaults = findings.filter((f) => f.checkId === 'default-sg-restricted');
    expect(defaults.length).toBeGreaterThanOrEqual(2);
    expect(defaults.every((f) => f.status === 'FAIL')).toBe(true);
    expect(findings.some((f) => f.checkId === 'nacl-admin-ports' && f.status === 'FAIL')).toBe(true);
    expect(findings.find((f) => f.checkId === 'imdsv2-required')).toMatchObject({
      status: 'FAIL',
      details: { httpTokens: 'optional' },
    });
    expect(find(findings, 'peering-least-access', table)).toMatchObject({
      status: 'FAIL',
      details: { heuristic: true },
    });
    expect(findings.find((f) => f.checkId === 'ebs-default-encryption')).toMatchObject({
      status: 'FAIL',
      remediation: { action: 'ec2:EnableEbsEncryptionByDefault', status: 'planned' },
    });
    // Assess: one call per read and region (peering connections read because a route uses one)
    expect(summary.apiCalls).toMatchObject({
      'ec2:DescribeSecurityGroups': 1,
      'ec2:DescribeNetworkAcls': 1,
      'ec2:DescribeRouteTables': 1,
      'ec2:DescribeVpcPeeringConnections': 1,
      'ec2:DescribeInstances': 1,
      'ec2:GetEbsEncryptionByDefault': 1,
    });
    expect(summary.apiCalls['ec2:EnableEbsEncryptionByDefault']).toBeUndefined();
  }, 60_000);

  it('with remediate turns EBS encryption by default on once; dry run changes nothing', async () => {
    // Prepare
    await ec2().send(new DisableEbsEncryptionByDefaultCommand({}));

    // Act: a dry run, then a remediating run, then a check run
    const dry = await invoke({ regions: [REGION], remediate: true, dryRun: true });
    const afterDry = (await ec2().send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault;
    const fix = await invoke({ regions: [REGION], remediate: true });
    const again = await invoke({ regions: [REGION] });

    // Assess
    expect(afterDry).toBe(false);
    expect(dry.summary.apiCalls['ec2:EnableEbsEncryptionByDefault']).toBeUndefined();
    expect(fix.summary.apiCalls['ec2:EnableEbsEncryptionByDefault']).toBe(1);
    expect(fix.findings.find((f) => f.checkId === 'ebs-default-encryption')?.remediation).toMatchObject({
      status: 'done',
    });
    expect((await ec2().send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault).toBe(true);
    expect(again.findings.find((f) => f.checkId === 'ebs-default-encryption')?.status).toBe('PASS');
  }, 60_000);
});
