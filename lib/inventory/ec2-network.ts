import { EC2Client, paginateDescribeNetworkAcls, paginateDescribeSecurityGroups } from '@aws-sdk/client-ec2';
import type { IpPermission, SecurityGroup as SdkSecurityGroup } from '@aws-sdk/client-ec2';
import { toTags } from './tags';
import type { Tags } from './tags';
import { defineRead } from './types';
import { networkAclsSchema, securityGroupsSchema } from './snapshot-schemas-ec2';

/** One security group rule (an `IpPermission`), its sources flattened. */
export interface PermissionRule {
  /** `tcp`, `udp`, `icmp`, ..., a protocol number as a string, or `-1` for every protocol (and port). */
  readonly protocol: string;
  /** Absent for `-1`; for tcp/udp the first and last port of the range. */
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly ipv4: readonly string[];
  readonly ipv6: readonly string[];
  /** Source security groups and prefix lists (never "the internet" by themselves). */
  readonly groups: readonly string[];
  readonly prefixLists: readonly string[];
}

export interface SecurityGroup {
  readonly groupId: string;
  readonly groupName: string;
  readonly vpcId?: string;
  readonly ingress: readonly PermissionRule[];
  readonly egress: readonly PermissionRule[];
  readonly tags: Tags;
}

/** The non-empty `value` of each item, in order (the ids of a permission's sources). */
function present<T>(items: readonly T[] | undefined, value: (item: T) => string | undefined): string[] {
  const out: string[] = [];
  for (const item of items ?? []) {
    const v = value(item);
    if (v) out.push(v);
  }
  return out;
}

/**
 * Literals in one key order rather than conditional spreads: ~10 rules a group, ~1,000 groups a
 * region, and spreads cost several times as much (and shape every rule differently).
 */
function toRule(p: IpPermission): PermissionRule {
  const protocol = p.IpProtocol ?? '-1';
  const { FromPort: fromPort, ToPort: toPort } = p;
  const ipv4 = present(p.IpRanges, (r) => r.CidrIp);
  const ipv6 = present(p.Ipv6Ranges, (r) => r.CidrIpv6);
  const groups = present(p.UserIdGroupPairs, (g) => g.GroupId);
  const prefixLists = present(p.PrefixListIds, (l) => l.PrefixListId);
  if (fromPort !== undefined && toPort !== undefined)
    return { protocol, fromPort, toPort, ipv4, ipv6, groups, prefixLists };
  if (fromPort === undefined && toPort === undefined) return { protocol, ipv4, ipv6, groups, prefixLists };
  return {
    protocol,
    ...(fromPort !== undefined ? { fromPort } : {}),
    ...(toPort !== undefined ? { toPort } : {}),
    ipv4,
    ipv6,
    groups,
    prefixLists,
  };
}

function toGroup(g: SdkSecurityGroup): SecurityGroup {
  const groupId = g.GroupId ?? '';
  const groupName = g.GroupName ?? '';
  const ingress = (g.IpPermissions ?? []).map(toRule);
  const egress = (g.IpPermissionsEgress ?? []).map(toRule);
  const tags = toTags(g.Tags);
  return g.VpcId
    ? { groupId, groupName, vpcId: g.VpcId, ingress, egress, tags }
    : { groupId, groupName, ingress, egress, tags };
}

/** Every security group of the region with its ingress and egress rules (DescribeSecurityGroups, 1,000 a page). */
export const securityGroups = defineRead<SecurityGroup[]>({
  name: 'ec2.securityGroups',
  scope: 'regional',
  actions: ['ec2:DescribeSecurityGroups'],
  schema: securityGroupsSchema,
  async fetch(clients, region) {
    const client = clients.get(EC2Client, region);
    const out: SecurityGroup[] = [];
    for await (const page of paginateDescribeSecurityGroups({ client, pageSize: 1000 }, {})) {
      for (const g of page.SecurityGroups ?? []) out.push(toGroup(g));
    }
    return out;
  },
});

/** One network ACL entry. Entries are evaluated in `ruleNumber` order; the first match decides. */
export interface NaclEntry {
  readonly ruleNumber: number;
  readonly egress: boolean;
  /** `-1` (all), or a protocol number as a string (`6` tcp, `17` udp). */
  readonly protocol: string;
  readonly action: 'allow' | 'deny';
  readonly cidr?: string;
  readonly ipv6Cidr?: string;
  readonly portRange?: { readonly from: number; readonly to: number };
}

export interface NetworkAcl {
  readonly networkAclId: string;
  readonly vpcId: string;
  readonly isDefault: boolean;
  /** Subnets the ACL is associated with; an ACL without subnets filters nothing. */
  readonly subnetIds: readonly string[];
  readonly entries: readonly NaclEntry[];
}

/** Every network ACL of the region with its entries (DescribeNetworkAcls, 1,000 a page). */
export const networkAcls = defineRead<NetworkAcl[]>({
  name: 'ec2.networkAcls',
  scope: 'regional',
  actions: ['ec2:DescribeNetworkAcls'],
  schema: networkAclsSchema,
  async fetch(clients, region) {
    const client = clients.get(EC2Client, region);
    const out: NetworkAcl[] = [];
    for await (const page of paginateDescribeNetworkAcls({ client, pageSize: 1000 }, {})) {
      for (const a of page.NetworkAcls ?? []) {
        out.push({
          networkAclId: a.NetworkAclId ?? '',
          vpcId: a.VpcId ?? '',
          isDefault: a.IsDefault === true,
          subnetIds: (a.Associations ?? []).map((s) => s.SubnetId ?? '').filter(Boolean),
          entries: (a.Entries ?? []).map((e) => ({
            ruleNumber: e.RuleNumber ?? 32767,
            egress: e.Egress === true,
            protocol: e.Protocol ?? '-1',
            action: e.RuleAction === 'allow' ? 'allow' : 'deny',
            ...(e.CidrBlock ? { cidr: e.CidrBlock } : {}),
            ...(e.Ipv6CidrBlock ? { ipv6Cidr: e.Ipv6CidrBlock } : {}),
            ...(e.PortRange
              ? { portRange: { from: e.PortRange.From ?? 0, to: e.PortRange.To ?? 65535 } }
              : {}),
          })),
        });
      }
    }
    return out;
  },
});
