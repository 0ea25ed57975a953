import { ACCOUNT, REGION, only, scan } from './fixtures';

describe('ec2-network EBS default encryption and IMDSv2', () => {
  it('fails a region without EBS encryption by default (CIS 5.1.1 / EC2.7) and plans turning it on', async () => {
    const findings = await scan({ ebsEncrypted: false });

    // Assess
    expect(only(findings, 'ebs-default-encryption', ACCOUNT)).toMatchObject({
      id: `ec2-network|${ACCOUNT}|${REGION}|${ACCOUNT}|ebs-default-encryption`,
      status: 'FAIL',
      severity: 'medium',
      controls: { cisV3: ['2.2.1'], cisV5: ['5.1.1'], securityHub: ['EC2.7'] },
      remediation: { action: 'ec2:EnableEbsEncryptionByDefault', status: 'planned', dryRun: true },
    });
  });

  it('passes a region that encrypts by default, with no action', async () => {
    const f = only(await scan({ ebsEncrypted: true }), 'ebs-default-encryption', ACCOUNT);
    expect(f.status).toBe('PASS');
    expect(f.remediation).toBeUndefined();
  });

  it('fails an instance that still answers IMDSv1 (CIS 5.7 / EC2.8); passes required tokens and a disabled endpoint', async () => {
    const instance = (instanceId: string, httpTokens: string, httpEndpoint = 'enabled') => ({
      instanceId,
      state: 'running',
      httpTokens,
      httpEndpoint,
      tags: { Name: instanceId },
    });
    const findings = await scan({
      instances: [
        instance('i-1', 'optional'),
        instance('i-2', 'required'),
        instance('i-3', 'optional', 'disabled'),
      ],
    });

    // Assess
    expect(only(findings, 'imdsv2-required', 'i-1')).toMatchObject({
      status: 'FAIL',
      severity: 'high',
      controls: { cisV3: ['5.6'], cisV5: ['5.7'], securityHub: ['EC2.8'] },
      resource: { type: 'AwsEc2Instance', arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-1` },
    });
    expect(only(findings, 'imdsv2-required', 'i-2').status).toBe('PASS');
    expect(only(findings, 'imdsv2-required', 'i-3').message).toBe(
      'Instance i-3 (i-3) has its metadata service turned off.',
    );
  });
});
