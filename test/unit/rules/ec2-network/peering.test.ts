import type { VpcPeering } from '../../../../lib/inventory/vpc-peering';
import { covers } from '../../../../rules/ec2-network/peering';
import { REGION, only, scan } from './fixtures';

const PEERING: VpcPeering = {
  peeringConnectionId: 'pcx-1',
  status: 'active',
  requester: { vpcId: 'vpc-a', cidrs: ['10.1.0.0/16'] },
  accepter: { vpcId: 'vpc-b', cidrs: ['10.2.0.0/16'] },
};
const route = (routeTableId: string, destination: string, vpcId = 'vpc-a') => ({
  routeTableId,
  vpcId,
  destination,
  peeringConnectionId: 'pcx-1',
});

describe('ec2-network peering routes (CIS 5.6, heuristic)', () => {
  it('fails a route to the whole peer VPC CIDR and one to 0.0.0.0/0, labelled as a heuristic', async () => {
    const findings = await scan({
      routes: [route('rtb-1', '10.2.0.0/16'), route('rtb-2', '0.0.0.0/0', 'vpc-b')],
      peerings: [PEERING],
    });

    // Assess
    const whole = only(findings, 'peering-least-access', 'rtb-1');
    expect(whole).toMatchObject({
      status: 'FAIL',
      severity: 'low',
      controls: { cisV3: ['5.5'], cisV5: ['5.6'] },
      details: {
        heuristic: true,
        broad: [{ destination: '10.2.0.0/16', peering: 'pcx-1', peerCidr: '10.2.0.0/16' }],
      },
    });
    expect(whole.message).toContain('heuristic');
    expect(only(findings, 'peering-least-access', 'rtb-2').status).toBe('FAIL');
  });

  it('passes a route to one subnet of the peer (the limit: whether that subnet is needed is not checked)', async () => {
    const findings = await scan({ routes: [route('rtb-3', '10.2.5.0/24')], peerings: [PEERING] });
    expect(only(findings, 'peering-least-access', 'rtb-3').status).toBe('PASS');
  });

  it('is NOT_APPLICABLE in a region without peering routes, and does not read the peering connections', async () => {
    // peerings left out of the inventory: reading them would throw a SnapshotError
    const findings = await scan({});
    expect(only(findings, 'peering-least-access', REGION).status).toBe('NOT_APPLICABLE');
    expect(findings.filter((f) => f.status === 'ERROR')).toEqual([]);
  });

  it('compares IPv4 blocks by prefix', () => {
    expect(covers('10.0.0.0/8', '10.2.0.0/16')).toBe(true);
    expect(covers('10.2.0.0/16', '10.2.0.0/16')).toBe(true);
    expect(covers('10.2.0.0/17', '10.2.0.0/16')).toBe(false);
    expect(covers('10.3.0.0/16', '10.2.0.0/16')).toBe(false);
    expect(covers('::/0', '2600:1f18::/56')).toBe(true);
  });
});
