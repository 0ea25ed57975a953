import * as z from 'zod/mini';
import { enableEbsEncryptionByDefault } from '../../lib/actions/ec2-encryption';
import { networkAcls, securityGroups } from '../../lib/inventory/ec2-network';
import { ebsEncryptionByDefault, instanceMetadata } from '../../lib/inventory/ec2-settings';
import { enabledRegions } from '../../lib/inventory/regions';
import { peeringRoutes, vpcPeerings } from '../../lib/inventory/vpc-peering';
import type { FindingDraft } from '../../lib/rule';
import { defineRule } from '../../lib/rule';
import { CHECK_CONTROLS, unionOfControls } from './controls';
import { networkAclDraft } from './network-acls';
import { peeringDrafts } from './peering';
import { securityGroupDrafts } from './security-groups';
import { ebsDefaultEncryptionDraft, imdsv2Draft } from './settings';

/**
 * ec2-network: the EC2 and VPC checks of CIS v5.0 section 5, per region. EBS encryption by default
 * (5.1.1, remediable), CIFS not open to the internet (5.1.2), network ACLs and security groups
 * admitting no admin port from 0.0.0.0/0 or ::/0 (5.2-5.4), default security groups without rules
 * (5.5), peering routes narrower than the peer VPC (5.6, a labelled heuristic) and IMDSv2 on every
 * instance (5.7). Each check has its own `checkId` and controls.
 */
export const ec2Network = defineRule({
  meta: {
    id: 'ec2-network',
    title: 'EC2 networks are closed to the internet and instances and volumes are hardened',
    description:
      'Checks security groups, network ACLs, default security groups, peering routes, instance metadata settings and EBS default encryption against CIS AWS Foundations v5.0 section 5, in every enabled region.',
    risk: 'An SSH, RDP or file-sharing port open to the internet is scanned within minutes; IMDSv1 lets a request forgery steal role credentials; unencrypted volumes leak data through snapshots.',
    severity: 'high',
    resourceType: 'AwsEc2SecurityGroup',
    scope: 'regional',
    controls: unionOfControls(Object.values(CHECK_CONTROLS)),
    deployment: { schedule: 'rate(1 day)' },
    triggers: [
      {
        source: 'aws.ec2',
        eventNames: [
          'AuthorizeSecurityGroupIngress',
          'ModifySecurityGroupRules',
          'CreateNetworkAclEntry',
          'ReplaceNetworkAclEntry',
          'CreateRoute',
          'ReplaceRoute',
          'ModifyInstanceMetadataOptions',
          'ModifyInstanceMetadataDefaults',
          'DisableEbsEncryptionByDefault',
        ],
      },
    ],
    remediation: {
      text: 'Narrow security group and network ACL rules for ports 22, 3389 and 445 to trusted ranges, empty each default security group, require IMDSv2 (aws ec2 modify-instance-metadata-options --http-tokens required), and turn on EBS encryption by default.',
      url: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-best-practices.html',
    },
  },
  reads: [ebsEncryptionByDefault, securityGroups, networkAcls, peeringRoutes, vpcPeerings, instanceMetadata],
  actions: [enableEbsEncryptionByDefault],
  params: z.strictObject({}),
  regions: enabledRegions,
  async evaluate({ inventory, account, region }): Promise<FindingDraft[]> {
    const [ebs, groups, acls, routes, metadata] = await Promise.all([
      inventory.get(ebsEncryptionByDefault, region),
      inventory.get(securityGroups, region),
      inventory.get(networkAcls, region),
      inventory.get(peeringRoutes, region),
      inventory.get(instanceMetadata, region),
    ]);
    // Peering connections are read only where some route uses one.
    const peerings = routes.length ? await inventory.get(vpcPeerings, region) : [];
    // One array filled in order (3-4 drafts a group, ~1,000 groups a region), not spreads of maps.
    const drafts: FindingDraft[] = [ebsDefaultEncryptionDraft(ebs.enabled, account, region)];
    const scope = { account, region };
    for (const g of groups) for (const d of securityGroupDrafts(g, scope)) drafts.push(d);
    for (const a of acls) drafts.push(networkAclDraft(a, account, region));
    for (const d of peeringDrafts(routes, peerings, account, region)) drafts.push(d);
    for (const i of metadata) drafts.push(imdsv2Draft(i, account, region));
    return drafts;
  },
});
