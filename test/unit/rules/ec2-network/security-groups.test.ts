import { ACCOUNT, REGION, group, only, rule, scan } from './fixtures';

describe('ec2-network security groups', () => {
  it('reports FAIL for SSH open to 0.0.0.0/0 (CIS 5.3 / EC2.53) and PASS for ::/0 on the same group', async () => {
    const findings = await scan({ groups: [group('sg-1', { ingress: [rule({ ipv4: ['0.0.0.0/0'] })] })] });

    // Assess
    expect(only(findings, 'sg-admin-ports-ipv4', 'sg-1')).toMatchObject({
      id: `ec2-network|${ACCOUNT}|${REGION}|sg-1|sg-admin-ports-ipv4`,
      status: 'FAIL',
      severity: 'high',
      resource: { type: 'AwsEc2SecurityGroup', arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/sg-1` },
      controls: { cisV3: ['5.2'], cisV5: ['5.3'], securityHub: ['EC2.53'] },
      details: { source: '0.0.0.0/0', exposedPorts: [22] },
      message:
        'Security group sg-1 (web-sg-1) admits SSH (22) from 0.0.0.0/0, so anyone on the internet can try to log in.',
    });
    expect(only(findings, 'sg-admin-ports-ipv6', 'sg-1')).toMatchObject({
      status: 'PASS',
      controls: { cisV3: ['5.3'], cisV5: ['5.4'], securityHub: ['EC2.54'] },
    });
  });

  it('treats protocol -1 as every port and a UDP range over 3389 as RDP, from ::/0 (CIS 5.4)', async () => {
    const findings = await scan({
      groups: [
        group('sg-all', {
          ingress: [rule({ protocol: '-1', fromPort: undefined, toPort: undefined, ipv6: ['::/0'] })],
        }),
        group('sg-udp', {
          ingress: [rule({ protocol: 'udp', fromPort: 3000, toPort: 4000, ipv6: ['::/0'] })],
        }),
      ],
    });

    // Assess
    expect(only(findings, 'sg-admin-ports-ipv6', 'sg-all').details).toMatchObject({
      exposedPorts: [22, 3389],
    });
    expect(only(findings, 'sg-admin-ports-ipv6', 'sg-udp').details).toMatchObject({ exposedPorts: [3389] });
    expect(only(findings, 'cifs-restricted', 'sg-all')).toMatchObject({
      status: 'FAIL',
      details: { exposedTo: ['::/0'] },
    });
    expect(only(findings, 'cifs-restricted', 'sg-udp').status).toBe('PASS');
  });

  it('passes admin ports open only to a private range, another group or a prefix list', async () => {
    const findings = await scan({
      groups: [
        group('sg-2', {
          ingress: [
            rule({ ipv4: ['10.0.0.0/8'] }),
            rule({ fromPort: 3389, toPort: 3389, groups: ['sg-bastion'] }),
            rule({ fromPort: 0, toPort: 65535, prefixLists: ['pl-123'] }),
            rule({ fromPort: 443, toPort: 443, ipv4: ['0.0.0.0/0'] }),
          ],
        }),
      ],
    });

    // Assess
    expect(only(findings, 'sg-admin-ports-ipv4', 'sg-2').status).toBe('PASS');
    expect(only(findings, 'cifs-restricted', 'sg-2').status).toBe('PASS');
  });

  it('reports FAIL for CIFS (TCP 445) from 0.0.0.0/0 under CIS 5.1.2 only (no Security Hub control)', async () => {
    const findings = await scan({
      groups: [group('sg-3', { ingress: [rule({ fromPort: 445, toPort: 445, ipv4: ['0.0.0.0/0'] })] })],
    });

    // Assess
    const cifs = only(findings, 'cifs-restricted', 'sg-3');
    expect(cifs).toMatchObject({ status: 'FAIL', controls: { cisV5: ['5.1.2'] } });
    expect(cifs.controls.securityHub).toBeUndefined();
    expect(only(findings, 'sg-admin-ports-ipv4', 'sg-3').status).toBe('PASS');
  });

  it("fails a VPC's default group with rules (CIS 5.5 / EC2.2) and passes an empty one; other groups have no such check", async () => {
    const findings = await scan({
      groups: [
        group('sg-d1', {
          groupName: 'default',
          vpcId: 'vpc-a',
          ingress: [rule({ protocol: '-1', groups: ['sg-d1'] })],
          egress: [rule({ protocol: '-1', ipv4: ['0.0.0.0/0'] })],
        }),
        group('sg-d2', { groupName: 'default', vpcId: 'vpc-b' }),
        group('sg-4'),
      ],
    });

    // Assess
    expect(only(findings, 'default-sg-restricted', 'sg-d1')).toMatchObject({
      status: 'FAIL',
      severity: 'medium',
      controls: { cisV3: ['5.4'], cisV5: ['5.5'], securityHub: ['EC2.2'] },
      details: { vpcId: 'vpc-a', ingressRules: 1, egressRules: 1 },
    });
    expect(only(findings, 'default-sg-restricted', 'sg-d2').status).toBe('PASS');
    expect(findings.filter((f) => f.checkId === 'default-sg-restricted' && f.resource.id === 'sg-4')).toEqual(
      [],
    );
  });
});
