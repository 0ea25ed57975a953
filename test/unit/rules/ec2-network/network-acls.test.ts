import type { NaclEntry, NetworkAcl } from '../../../../lib/inventory/ec2-network';
import { only, scan } from './fixtures';

const DENY_ALL: NaclEntry = {
  ruleNumber: 32767,
  egress: false,
  protocol: '-1',
  action: 'deny',
  cidr: '0.0.0.0/0',
};

function acl(id: string, entries: NaclEntry[], over: Partial<NetworkAcl> = {}): NetworkAcl {
  return {
    networkAclId: id,
    vpcId: 'vpc-1',
    isDefault: false,
    subnetIds: ['subnet-1'],
    entries: [...entries, DENY_ALL],
    ...over,
  };
}

describe('ec2-network network ACLs (CIS 5.2 / EC2.21)', () => {
  it("fails the default ACL's allow-all from 0.0.0.0/0, naming the ports and the rule", async () => {
    const findings = await scan({
      acls: [
        acl(
          'acl-default',
          [{ ruleNumber: 100, egress: false, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' }],
          { isDefault: true },
        ),
      ],
    });

    // Assess
    expect(only(findings, 'nacl-admin-ports', 'acl-default')).toMatchObject({
      status: 'FAIL',
      severity: 'medium',
      controls: { cisV3: ['5.1'], cisV5: ['5.2'], securityHub: ['EC2.21'] },
      details: {
        allowed: [
          { source: '0.0.0.0/0', port: 22, ruleNumber: 100 },
          { source: '0.0.0.0/0', port: 3389, ruleNumber: 100 },
        ],
      },
    });
  });

  it('passes when a lower-numbered deny for 0.0.0.0/0 closes the ports before the allow', async () => {
    const findings = await scan({
      acls: [
        acl('acl-1', [
          {
            ruleNumber: 90,
            egress: false,
            protocol: '6',
            action: 'deny',
            cidr: '0.0.0.0/0',
            portRange: { from: 22, to: 22 },
          },
          {
            ruleNumber: 95,
            egress: false,
            protocol: '6',
            action: 'deny',
            cidr: '0.0.0.0/0',
            portRange: { from: 3389, to: 3389 },
          },
          { ruleNumber: 100, egress: false, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
        ]),
      ],
    });

    // Assess
    expect(only(findings, 'nacl-admin-ports', 'acl-1').status).toBe('PASS');
  });

  it('ignores egress entries and allows from narrower ranges, and reports ::/0 allows too', async () => {
    const findings = await scan({
      acls: [
        acl('acl-2', [
          { ruleNumber: 100, egress: true, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
          {
            ruleNumber: 110,
            egress: false,
            protocol: '6',
            action: 'allow',
            cidr: '10.0.0.0/8',
            portRange: { from: 22, to: 22 },
          },
        ]),
        acl('acl-3', [
          {
            ruleNumber: 100,
            egress: false,
            protocol: '6',
            action: 'allow',
            ipv6Cidr: '::/0',
            portRange: { from: 3000, to: 3400 },
          },
        ]),
      ],
    });

    // Assess
    expect(only(findings, 'nacl-admin-ports', 'acl-2').status).toBe('PASS');
    expect(only(findings, 'nacl-admin-ports', 'acl-3')).toMatchObject({
      status: 'FAIL',
      details: { allowed: [{ source: '::/0', port: 3389, ruleNumber: 100 }] },
    });
  });
});
