/**
 * The synthetic account's network, Auto Scaling, KMS, flow-log, IAM and S3 contents (what the
 * rules beyond EBS and scheduled events read), in the SDK's output shapes. Deterministic: sizes
 * follow the region's index and its instance count, so empty lists and page boundaries occur.
 */
import { MONITORED_EVENTS } from '../../rules/cloudwatch-alarms/benchmark';
import type { AccountSpec } from './synthetic-account';

type Item = Record<string, unknown>;

/** Per-region contents the ec2-network, instance-standard, logging-coverage and alarm rules read. */
export interface SecurityContents {
  readonly encryptionByDefault: boolean;
  readonly securityGroups: Item[];
  readonly networkAcls: Item[];
  readonly routeTables: Item[];
  readonly peerings: Item[];
  readonly groups: Item[];
  readonly vpcs: Item[];
  readonly flowLogs: Item[];
  readonly keys: Item[];
}

/** Account-wide contents (IAM, S3, the trail's log group). */
export interface AccountContents {
  readonly authorization: { kind: string; item: Item }[];
  readonly serverCertificates: Item[];
  readonly credentialReport: Uint8Array;
  readonly buckets: Item[];
  readonly metricFilters: Item[];
  readonly alarms: Item[];
  readonly topicArn: string;
}

/** Auto Scaling groups in a region: one per 100 instances, each with its first two instances. */
export const groupsFor = (instances: number): number => Math.floor(instances / 100);
/** Launch templates the groups launch from (group g uses template g mod 5). */
export const TEMPLATES_PER_REGION = 5;
/** Every 50th instance runs one of three shared (not owned) images. */
export const sharedImageId = (r: number, i: number): string => `ami-shared-${r}-${(i / 50) % 3}`;
/** Every third instance names an SSM image parameter (four names per region). */
export const imageParameterOf = (i: number): string | undefined =>
  i % 3 === 1 ? `/golden/f${i % 4}/ami` : undefined;
export const groupName = (r: number, g: number): string => `asg-${r}-${g}`;
export const templateId = (r: number, t: number): string => `lt-asg-${r}-${t}`;

const cidrRule = (port: number, cidr: string) => ({
  IpProtocol: 'tcp',
  FromPort: port,
  ToPort: port,
  IpRanges: [{ CidrIp: cidr }],
});

export function securityContents(r: number, region: string, instances: number): SecurityContents {
  const sgCount = r === 0 ? 1000 : 1 + ((r * 53) % 1300);
  const securityGroups = Array.from({ length: sgCount }, (_, i) => ({
    GroupId: `sg-${r}-${i}`,
    GroupName: i === 0 ? 'default' : `app-${i}`,
    VpcId: `vpc-${r}-0`,
    IpPermissions: [cidrRule(443, '10.0.0.0/8'), ...(i % 50 === 7 ? [cidrRule(22, '0.0.0.0/0')] : [])],
    IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    Tags: [{ Key: 'Name', Value: `sg-${i}` }],
  }));
  const networkAcls = Array.from({ length: 1 + (r % 4) }, (_, i) => ({
    NetworkAclId: `acl-${r}-${i}`,
    VpcId: `vpc-${r}-0`,
    IsDefault: i === 0,
    Associations: [{ SubnetId: `subnet-${r}-${i}` }],
    Entries: [
      {
        RuleNumber: 100,
        Egress: false,
        Protocol: '6',
        RuleAction: 'allow',
        CidrBlock: '10.0.0.0/8',
        PortRange: { From: 443, To: 443 },
      },
      { RuleNumber: 32767, Egress: false, Protocol: '-1', RuleAction: 'deny', CidrBlock: '0.0.0.0/0' },
    ],
  }));
  // r=0: two full pages of 100; others a remainder (possibly none).
  const routeTables = Array.from({ length: r === 0 ? 200 : (r * 17) % 260 }, (_, i) => ({
    RouteTableId: `rtb-${r}-${i}`,
    VpcId: `vpc-${r}-0`,
    Routes: [
      { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' },
      ...(i % 10 === 3
        ? [{ DestinationCidrBlock: `10.${i % 200}.0.0/16`, VpcPeeringConnectionId: `pcx-${r}-${i % 3}` }]
        : []),
    ],
  }));
  const peerings = Array.from({ length: 3 }, (_, k) => ({
    VpcPeeringConnectionId: `pcx-${r}-${k}`,
    Status: { Code: 'active' },
    RequesterVpcInfo: { VpcId: `vpc-${r}-0`, CidrBlock: '10.0.0.0/16' },
    AccepterVpcInfo: { VpcId: `vpc-${r}-peer-${k}`, CidrBlock: `10.${k + 1}.0.0/16` },
  }));
  const groups = Array.from({ length: groupsFor(instances) }, (_, g) => ({
    AutoScalingGroupName: groupName(r, g),
    DesiredCapacity: 2,
    MinSize: 1,
    MaxSize: 4,
    LaunchTemplate: { LaunchTemplateId: templateId(r, g % TEMPLATES_PER_REGION), Version: '$Latest' },
    Instances: [0, 1].map((k) => ({
      InstanceId: instanceId(r, g * 100 + k),
      LifecycleState: 'InService',
      HealthStatus: 'Healthy',
      LaunchTemplate: { Version: '1' },
    })),
    Tags: [],
  }));
  const vpcs = Array.from({ length: 1 + (r % 3) }, (_, i) => ({
    VpcId: `vpc-${r}-${i}`,
    IsDefault: i === 0,
  }));
  const flowLogs = [
    {
      FlowLogId: `fl-${r}`,
      ResourceId: `vpc-${r}-0`,
      TrafficType: 'REJECT',
      FlowLogStatus: 'ACTIVE',
      DeliverLogsStatus: 'SUCCESS',
      LogDestinationType: 's3',
    },
  ];
  const keys = Array.from({ length: 2 + (r % 3) }, (_, i) => ({
    KeyId: `key-${r}-${i}`,
    KeyArn: `arn:aws:kms:${region}:111122223333:key/key-${r}-${i}`,
  }));
  return {
    encryptionByDefault: r % 2 === 0,
    securityGroups,
    networkAcls,
    routeTables,
    peerings,
    groups,
    vpcs,
    flowLogs,
    keys,
  };
}

/** Same id scheme as the synthetic account's instances. */
export const instanceId = (r: number, i: number): string =>
  `i-${r.toString(16).padStart(2, '0')}${i.toString(16).padStart(15, '0')}`;

/** KMS key i of a region: key 0 is AWS-managed (no rotation status to read), the rest customer keys. */
export const keyManager = (i: number): string => (i === 0 ? 'AWS' : 'CUSTOMER');

export const ACCOUNT_SIZES = {
  users: 1200,
  groups: 30,
  roles: 300,
  policies: 150,
  buckets: 120,
  certificates: 3,
};

export function accountContents(spec: AccountSpec): AccountContents {
  const a = spec.account;
  const iso = (d: Date) => d.toISOString();
  const year = new Date(spec.now.getTime() - 365 * 864e5);
  const authorization: { kind: string; item: Item }[] = [];
  const attached = [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }];
  for (let i = 0; i < ACCOUNT_SIZES.users; i++)
    authorization.push({
      kind: 'UserDetailList',
      item: {
        UserName: `u${i}`,
        Arn: `arn:aws:iam::${a}:user/u${i}`,
        GroupList: [`g${i % ACCOUNT_SIZES.groups}`],
        AttachedManagedPolicies: i % 40 === 5 ? attached : [],
        UserPolicyList: [],
      },
    });
  for (let i = 0; i < ACCOUNT_SIZES.groups; i++)
    authorization.push({
      kind: 'GroupDetailList',
      item: {
        GroupName: `g${i}`,
        Arn: `arn:aws:iam::${a}:group/g${i}`,
        AttachedManagedPolicies: attached,
        GroupPolicyList: [],
      },
    });
  for (let i = 0; i < ACCOUNT_SIZES.roles; i++)
    authorization.push({
      kind: 'RoleDetailList',
      item: {
        RoleName: `r${i}`,
        Arn: `arn:aws:iam::${a}:role/r${i}`,
        AttachedManagedPolicies: [],
        RolePolicyList: [],
      },
    });
  for (let i = 0; i < ACCOUNT_SIZES.policies; i++) {
    const document = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: i === 3 ? '*' : 's3:GetObject', Resource: '*' }],
    };
    authorization.push({
      kind: 'Policies',
      item: {
        PolicyName: `p${i}`,
        Arn: `arn:aws:iam::${a}:policy/p${i}`,
        AttachmentCount: i % 4,
        PolicyVersionList: [
          { IsDefaultVersion: true, Document: encodeURIComponent(JSON.stringify(document)) },
        ],
      },
    });
  }
  const serverCertificates = Array.from({ length: ACCOUNT_SIZES.certificates }, (_, i) => ({
    ServerCertificateName: `cert-${i}`,
    Arn: `arn:aws:iam::${a}:server-certificate/cert-${i}`,
    Expiration: new Date(spec.now.getTime() + (i - 1) * 90 * 864e5),
    UploadDate: year,
  }));
  const header =
    'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
  const rows = [
    `<root_account>,arn:aws:iam::${a}:root,${iso(year)},not_supported,${iso(year)},not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  ];
  for (let i = 0; i < ACCOUNT_SIZES.users; i++) {
    const key = i % 2 === 0;
    rows.push(
      `u${i},arn:aws:iam::${a}:user/u${i},${iso(year)},${i % 3 === 0},${iso(spec.now)},${iso(year)},N/A,${i % 7 !== 0},${key},${key ? iso(year) : 'N/A'},${key ? iso(spec.now) : 'N/A'},us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    );
  }
  const buckets = Array.from({ length: ACCOUNT_SIZES.buckets }, (_, i) => ({
    Name: i === 0 ? 'audit-logs' : `bucket-${i}`,
    BucketRegion: spec.regions[i % spec.regions.length],
    CreationDate: year,
  }));
  const topicArn = `arn:aws:sns:us-east-1:${a}:security-alerts`;
  const metricFilters = MONITORED_EVENTS.map((e) => ({
    filterName: `cis-${e.checkId}`,
    filterPattern: e.patterns[0],
    metricTransformations: [{ metricName: `cis-${e.checkId}`, metricNamespace: 'CISBenchmark' }],
  }));
  const alarms = MONITORED_EVENTS.map((e) => ({
    AlarmName: `cis-${e.checkId}`,
    AlarmArn: `arn:aws:cloudwatch:us-east-1:${a}:alarm:cis-${e.checkId}`,
    MetricName: `cis-${e.checkId}`,
    Namespace: 'CISBenchmark',
    ActionsEnabled: true,
    AlarmActions: [topicArn],
    StateValue: 'OK',
  }));
  return {
    authorization,
    serverCertificates,
    credentialReport: new TextEncoder().encode(`${header}\n${rows.join('\n')}\n`),
    buckets,
    metricFilters,
    alarms,
    topicArn,
  };
}
