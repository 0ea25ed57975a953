/**
 * The fewest API calls a full scan needs for the rules beyond EBS, scheduled events, CloudTrail and
 * Config (bench/entries/synthetic-account.ts holds those): one call per page at the API's largest
 * page, one per unpaginated per-region or per-item API, and conditional reads only where the
 * synthetic contents call for them (computed from the contents, not from what the rule did).
 */
import type { AccountSpec, RegionContents } from './synthetic-account';
import { API_MAX_PAGE } from './synthetic-account';
import type { AccountContents } from './synthetic-security';
import { keyManager, TEMPLATES_PER_REGION } from './synthetic-security';

type Calls = Record<string, number>;

const pages = (items: number, op: string) => Math.max(1, Math.ceil(items / (API_MAX_PAGE[op] as number)));
const batches = (items: number, per: number) => Math.ceil(items / per);

interface Model {
  readonly spec: AccountSpec;
  readonly sum: (f: (c: RegionContents) => number) => number;
  readonly account: AccountContents;
}

/** Images (not owned) and SSM parameter names a region's instances refer to. */
function imageReferences(c: RegionContents): { parameters: number; notOwned: number } {
  const owned = new Set(c.images.map((i) => i.ImageId as string));
  const parameters = new Set<string>();
  const notOwned = new Set<string>();
  for (const r of c.reservations)
    for (const i of r.Instances as { ImageId: string; Tags: { Key: string; Value: string }[] }[]) {
      if (!owned.has(i.ImageId)) notOwned.add(i.ImageId);
      const p = i.Tags.find((t) => t.Key === 'driftwatch:image-parameter')?.Value;
      if (p) parameters.add(p);
    }
  // The fake answers every parameter with an owned image (or 'ami-none' where the region has none).
  if (parameters.size > 0 && owned.size === 0) notOwned.add('ami-none');
  return { parameters: parameters.size, notOwned: notOwned.size };
}

const instancePages = (c: RegionContents) => pages(c.sizes.instances, 'ec2:DescribeInstances');

const MODELS: Readonly<Record<string, (m: Model) => Calls>> = {
  'instance-standard': ({ sum }) => ({
    'ec2:DescribeRegions': 1,
    'ec2:DescribeInstances': sum(instancePages),
    'ec2:DescribeImages': sum(
      (c) => pages(c.images.length, 'ec2:DescribeImages') + batches(imageReferences(c).notOwned, 200),
    ),
    'ssm:GetParameters': sum((c) => batches(imageReferences(c).parameters, 10)),
    'autoscaling:DescribeAutoScalingGroups': sum((c) =>
      pages(c.security.groups.length, 'autoscaling:DescribeAutoScalingGroups'),
    ),
    'ec2:DescribeLaunchTemplateVersions': sum((c) =>
      Math.min(c.security.groups.length, TEMPLATES_PER_REGION),
    ),
    // Every group's members are past their lifetime: each group is a refresh candidate.
    'autoscaling:DescribeInstanceRefreshes': sum((c) => c.security.groups.length),
  }),
  'ec2-network': ({ sum }) => ({
    'ec2:DescribeRegions': 1,
    'ec2:GetEbsEncryptionByDefault': sum(() => 1),
    'ec2:DescribeSecurityGroups': sum((c) =>
      pages(c.security.securityGroups.length, 'ec2:DescribeSecurityGroups'),
    ),
    'ec2:DescribeNetworkAcls': sum((c) => pages(c.security.networkAcls.length, 'ec2:DescribeNetworkAcls')),
    'ec2:DescribeRouteTables': sum((c) => pages(c.security.routeTables.length, 'ec2:DescribeRouteTables')),
    // Peerings are read only where some route goes through one.
    'ec2:DescribeVpcPeeringConnections': sum((c) =>
      c.security.routeTables.some((t) =>
        (t.Routes as { VpcPeeringConnectionId?: string }[]).some((r) => r.VpcPeeringConnectionId),
      )
        ? pages(c.security.peerings.length, 'ec2:DescribeVpcPeeringConnections')
        : 0,
    ),
    'ec2:DescribeInstances': sum(instancePages),
  }),
  's3-buckets': ({ account }) => ({
    's3:ListAllMyBuckets': pages(account.buckets.length, 's3:ListAllMyBuckets'),
    // ListBuckets names every bucket's region: no GetBucketLocation.
    's3:GetBucketPolicy': account.buckets.length,
    's3:GetBucketVersioning': account.buckets.length,
    's3:GetBucketPublicAccessBlock': account.buckets.length,
    's3:GetAccountPublicAccessBlock': 1,
  }),
  'iam-credentials': () => ({ 'iam:GenerateCredentialReport': 1, 'iam:GetCredentialReport': 1 }),
  'iam-password-policy': () => ({ 'iam:GetAccountPasswordPolicy': 1 }),
  'iam-policies': ({ sum, account }) => ({
    'ec2:DescribeRegions': 1,
    'ec2:DescribeInstances': sum(instancePages),
    'iam:GetAccountAuthorizationDetails': pages(
      account.authorization.length,
      'iam:GetAccountAuthorizationDetails',
    ),
    'iam:ListServerCertificates': pages(account.serverCertificates.length, 'iam:ListServerCertificates'),
  }),
  // The multi-region trail is listed in us-east-1; its log group's filters, alarms and topic there.
  'cloudwatch-alarms': ({ account }) => ({
    'cloudtrail:DescribeTrails': 1,
    'cloudtrail:GetTrailStatus': 1,
    'cloudtrail:GetEventSelectors': 1,
    'logs:DescribeMetricFilters': pages(account.metricFilters.length, 'logs:DescribeMetricFilters'),
    'cloudwatch:DescribeAlarms': pages(account.alarms.length, 'cloudwatch:DescribeAlarms'),
    'sns:ListSubscriptionsByTopic': 1,
  }),
  'logging-coverage': ({ sum }) => ({
    'ec2:DescribeRegions': 1,
    'cloudtrail:DescribeTrails': sum(() => 1),
    'cloudtrail:GetTrailStatus': 1,
    'cloudtrail:GetEventSelectors': 1,
    'kms:ListKeys': sum((c) => pages(c.security.keys.length, 'kms:ListKeys')),
    'kms:DescribeKey': sum((c) => c.security.keys.length),
    'kms:GetKeyRotationStatus': sum(
      (c) => c.security.keys.filter((_, i) => keyManager(i) === 'CUSTOMER').length,
    ),
    'ec2:DescribeVpcs': sum((c) => pages(c.security.vpcs.length, 'ec2:DescribeVpcs')),
    'ec2:DescribeFlowLogs': sum((c) => pages(c.security.flowLogs.length, 'ec2:DescribeFlowLogs')),
    // The one trail bucket: its region, then its logging.
    's3:GetBucketLocation': 1,
    's3:GetBucketLogging': 1,
  }),
};

/** The minimum for `ruleId`, or undefined when this module has no model of it. */
export function minimumSecurityCalls(
  spec: AccountSpec,
  ruleId: string,
  contents: (region: string) => RegionContents,
  account: AccountContents,
): Calls | undefined {
  const model = MODELS[ruleId];
  if (!model) return undefined;
  const sum = (f: (c: RegionContents) => number) => spec.regions.reduce((a, r) => a + f(contents(r)), 0);
  return { 'sts:GetCallerIdentity': 1, ...model({ spec, sum, account }) };
}
