import { runRule } from '../../../../lib/engine';
import type { Finding } from '../../../../lib/findings';
import type { NetworkAcl, PermissionRule, SecurityGroup } from '../../../../lib/inventory/ec2-network';
import type { InstanceMetadata } from '../../../../lib/inventory/ec2-settings';
import { StoredInventory, storedValues } from '../../../../lib/inventory/memory';
import type { PeeringRoute, VpcPeering } from '../../../../lib/inventory/vpc-peering';
import { ec2Network } from '../../../../rules/ec2-network';
import { runRequest } from '../../../helpers/runs';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';

/** One region's network, as the reads return it; anything left out is empty (or encryption on). */
export interface Network {
  readonly ebsEncrypted?: boolean;
  readonly groups?: SecurityGroup[];
  readonly acls?: NetworkAcl[];
  readonly routes?: PeeringRoute[];
  readonly peerings?: VpcPeering[];
  readonly instances?: InstanceMetadata[];
}

export function rule(over: Partial<PermissionRule> = {}): PermissionRule {
  return {
    protocol: 'tcp',
    fromPort: 22,
    toPort: 22,
    ipv4: [],
    ipv6: [],
    groups: [],
    prefixLists: [],
    ...over,
  };
}

export function group(id: string, over: Partial<SecurityGroup> = {}): SecurityGroup {
  return { groupId: id, groupName: `web-${id}`, vpcId: 'vpc-1', ingress: [], egress: [], tags: {}, ...over };
}

/** Every finding of one run of ec2-network over `network` in REGION. */
export async function scan(network: Network): Promise<readonly Finding[]> {
  // Prepare: the hand-built inventory
  const inventory = new StoredInventory(
    storedValues({
      'sts.callerIdentity': {
        global: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/me`, partition: 'aws' },
      },
      'ec2.enabledRegions': { global: [REGION] },
      'ec2.ebsEncryptionByDefault': { [REGION]: { enabled: network.ebsEncrypted ?? true } },
      'ec2.securityGroups': { [REGION]: network.groups ?? [] },
      'ec2.networkAcls': { [REGION]: network.acls ?? [] },
      'ec2.peeringRoutes': { [REGION]: network.routes ?? [] },
      ...(network.peerings ? { 'ec2.vpcPeerings': { [REGION]: network.peerings } } : {}),
      'ec2.instanceMetadata': { [REGION]: network.instances ?? [] },
    }),
  );
  // Act
  const run = await runRule(ec2Network, runRequest(), { inventory });
  return run.findings;
}

/** The one finding of `checkId` about `resourceId`. */
export function only(findings: readonly Finding[], checkId: string, resourceId: string): Finding {
  const found = findings.filter((f) => f.checkId === checkId && f.resource.id === resourceId);
  expect(found).toHaveLength(1);
  return found[0] as Finding;
}
