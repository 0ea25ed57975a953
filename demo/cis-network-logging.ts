/**
 * Demo drift for the CIS v5.0 section 2 and 5 rules (s3-buckets, ec2-network): an account without
 * account-level Block Public Access and a bucket that accepts HTTP; SSH open to the internet in
 * us-east-1, an IMDSv1 instance, EBS encryption by default off in eu-west-1, a default security
 * group with rules and a route to the whole of a peered VPC. Called by demo/demo-account.ts.
 */
import type { NetworkAcl, SecurityGroup } from '../lib/inventory/ec2-network';
import { networkAcls, securityGroups } from '../lib/inventory/ec2-network';
import { ebsEncryptionByDefault, instanceMetadata } from '../lib/inventory/ec2-settings';
import { bucketSecurity } from '../lib/inventory/s3';
import { accountPublicAccessBlock } from '../lib/inventory/s3-control';
import type { ReadDef } from '../lib/inventory/types';
import { GLOBAL_KEY } from '../lib/inventory/types';
import { peeringRoutes, vpcPeerings } from '../lib/inventory/vpc-peering';

/** What the demo's recorder offers: a value for a read, typed by the read. */
export interface DemoRecorder {
  value<T>(read: ReadDef<T>, key: string, value: T): unknown;
}

const BLOCK_ALL = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

const closedDefault = (vpcId: string, groupId: string): SecurityGroup => ({
  groupId,
  groupName: 'default',
  vpcId,
  ingress: [],
  egress: [],
  tags: {},
});

const guardedAcl = (vpcId: string, networkAclId: string): NetworkAcl => ({
  networkAclId,
  vpcId,
  isDefault: true,
  subnetIds: [],
  entries: [
    {
      ruleNumber: 90,
      egress: false,
      protocol: '6',
      action: 'deny',
      cidr: '0.0.0.0/0',
      portRange: { from: 22, to: 22 },
    },
    {
      ruleNumber: 91,
      egress: false,
      protocol: '6',
      action: 'deny',
      cidr: '0.0.0.0/0',
      portRange: { from: 3389, to: 3389 },
    },
    { ruleNumber: 100, egress: false, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
    { ruleNumber: 32767, egress: false, protocol: '-1', action: 'deny', cidr: '0.0.0.0/0' },
  ],
});

/** Records the reads of s3-buckets and ec2-network for the demo account's regions. */
export function cisNetworkAndStorage(r: DemoRecorder, regions: readonly string[]): void {
  r.value(accountPublicAccessBlock, GLOBAL_KEY, {});
  r.value(bucketSecurity, GLOBAL_KEY, [
    {
      name: 'demo-cloudtrail-logs',
      region: 'us-east-1',
      policy: {
        Statement: [
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: ['arn:aws:s3:::demo-cloudtrail-logs', 'arn:aws:s3:::demo-cloudtrail-logs/*'],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      },
      versioning: 'Enabled',
      mfaDelete: true,
      publicAccessBlock: BLOCK_ALL,
    },
    { name: 'demo-marketing-assets', region: 'eu-west-1', versioning: 'Off', mfaDelete: false },
  ]);
  for (const region of regions) {
    const vpc = `vpc-${region.replace(/[^a-z0-9]/g, '').slice(0, 8)}`;
    const us = region === 'us-east-1';
    r.value(ebsEncryptionByDefault, region, { enabled: region !== 'eu-west-1' });
    r.value(securityGroups, region, [
      us
        ? {
            ...closedDefault(vpc, 'sg-0d3fa1c2b4e5f6071'),
            ingress: [
              { protocol: '-1', ipv4: [], ipv6: [], groups: ['sg-0d3fa1c2b4e5f6071'], prefixLists: [] },
            ],
          }
        : closedDefault(vpc, `sg-0${region.length}default00000`),
      ...(us
        ? [
            {
              groupId: 'sg-0b7c9e1f2a3d4e5f6',
              groupName: 'bastion-ssh',
              vpcId: vpc,
              ingress: [
                {
                  protocol: 'tcp',
                  fromPort: 22,
                  toPort: 22,
                  ipv4: ['0.0.0.0/0'],
                  ipv6: [],
                  groups: [],
                  prefixLists: [],
                },
              ],
              egress: [{ protocol: '-1', ipv4: ['0.0.0.0/0'], ipv6: [], groups: [], prefixLists: [] }],
              tags: { Name: 'bastion' },
            },
          ]
        : []),
    ]);
    r.value(networkAcls, region, [guardedAcl(vpc, `acl-0${region.length}guarded0000`)]);
    r.value(
      peeringRoutes,
      region,
      us
        ? [
            {
              routeTableId: 'rtb-0a1b2c3d4e5f60718',
              vpcId: vpc,
              destination: '10.20.0.0/16',
              peeringConnectionId: 'pcx-0f1e2d3c4b5a69788',
            },
          ]
        : [],
    );
    if (us)
      r.value(vpcPeerings, region, [
        {
          peeringConnectionId: 'pcx-0f1e2d3c4b5a69788',
          status: 'active',
          requester: { vpcId: vpc, cidrs: ['10.10.0.0/16'] },
          accepter: { vpcId: 'vpc-0partner0000000', cidrs: ['10.20.0.0/16'] },
        },
      ]);
    r.value(
      instanceMetadata,
      region,
      us
        ? [
            {
              instanceId: 'i-0a1b2c3d4e5f60001',
              state: 'running',
              httpTokens: 'optional',
              httpEndpoint: 'enabled',
              tags: { Name: 'legacy-reporting' },
            },
            {
              instanceId: 'i-0a1b2c3d4e5f60002',
              state: 'running',
              httpTokens: 'required',
              httpEndpoint: 'enabled',
              tags: { Name: 'api' },
            },
          ]
        : [],
    );
  }
}
