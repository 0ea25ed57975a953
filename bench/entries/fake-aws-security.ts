/**
 * The fake AWS's answers for the network, Auto Scaling, SSM, KMS, flow-log, CloudWatch, SNS, IAM
 * and S3 calls (bench/entries/fake-aws.ts answers EBS, instances, CloudTrail and Config). Pages as
 * the real APIs do; calls the synthetic account has no entry for fail as AWS would.
 */
import { page } from './paging';
import type { RegionContents } from './synthetic-account';
import type { AccountContents } from './synthetic-security';
import { keyManager } from './synthetic-security';

type Input = Record<string, unknown>;
type Output = Record<string, unknown>;

export interface SecurityFakeContext {
  readonly region: string;
  readonly contents: RegionContents;
  readonly account: () => AccountContents;
}

const awsError = (name: string, message: string) => Object.assign(new Error(message), { name });

/** The answer to `action`, or undefined when this module does not serve it. */
export function answerSecurity(action: string, input: Input, ctx: SecurityFakeContext): Output | undefined {
  const s = ctx.contents.security;
  switch (action) {
    case 'ec2:GetEbsEncryptionByDefault':
      return { EbsEncryptionByDefault: s.encryptionByDefault };
    case 'ec2:DescribeSecurityGroups':
      return page(action, s.securityGroups, input, 'SecurityGroups');
    case 'ec2:DescribeNetworkAcls':
      return page(action, s.networkAcls, input, 'NetworkAcls');
    case 'ec2:DescribeRouteTables':
      return page(action, s.routeTables, input, 'RouteTables');
    case 'ec2:DescribeVpcPeeringConnections':
      return page(action, s.peerings, input, 'VpcPeeringConnections');
    case 'ec2:DescribeVpcs':
      return page(action, s.vpcs, input, 'Vpcs');
    case 'ec2:DescribeFlowLogs':
      return page(action, s.flowLogs, input, 'FlowLogs');
    case 'autoscaling:DescribeAutoScalingGroups':
      return page(action, s.groups, input, 'AutoScalingGroups', 'MaxRecords');
    case 'autoscaling:DescribeInstanceRefreshes':
      return { InstanceRefreshes: [] };
    case 'ssm:GetParameters': {
      // Each family parameter names one of the region's own images.
      const images = ctx.contents.images;
      const names = (input.Names as string[] | undefined) ?? [];
      return {
        Parameters: names.map((Name, i) => ({
          Name,
          Type: 'String',
          DataType: 'aws:ec2:image',
          Version: 3,
          Value: images.length ? images[(Name.length + i) % images.length]?.ImageId : 'ami-none',
        })),
        InvalidParameters: [],
      };
    }
    case 'kms:ListKeys': {
      const out = page(action, s.keys, input, 'Keys', 'Limit', 'Marker', 'NextMarker');
      return out.NextMarker ? { ...out, Truncated: true } : out;
    }
    case 'kms:DescribeKey': {
      const id = String(input.KeyId);
      const i = s.keys.findIndex((k) => k.KeyId === id);
      if (i < 0) throw awsError('NotFoundException', `Key ${id} does not exist`);
      return {
        KeyMetadata: {
          KeyId: id,
          Arn: s.keys[i]?.KeyArn,
          KeyManager: keyManager(i),
          KeySpec: 'SYMMETRIC_DEFAULT',
          KeyState: 'Enabled',
          Origin: 'AWS_KMS',
        },
      };
    }
    case 'kms:GetKeyRotationStatus':
      return { KeyRotationEnabled: String(input.KeyId).endsWith('-1') === false, RotationPeriodInDays: 365 };
    case 'logs:DescribeMetricFilters':
      return page(
        action,
        ctx.account().metricFilters,
        input,
        'metricFilters',
        'limit',
        'nextToken',
        'nextToken',
      );
    case 'cloudwatch:DescribeAlarms':
      return page(
        action,
        ctx.region === 'us-east-1' ? ctx.account().alarms : [],
        input,
        'MetricAlarms',
        'MaxRecords',
      );
    case 'sns:ListSubscriptionsByTopic':
      return {
        Subscriptions: [
          { SubscriptionArn: `${String(input.TopicArn)}:1b2c`, Protocol: 'email', TopicArn: input.TopicArn },
        ],
      };
    default:
      return answerAccount(action, input, ctx);
  }
}

function answerAccount(action: string, input: Input, ctx: SecurityFakeContext): Output | undefined {
  switch (action) {
    case 'iam:GenerateCredentialReport':
      return { State: 'COMPLETE' };
    case 'iam:GetCredentialReport':
      return { Content: ctx.account().credentialReport, ReportFormat: 'text/csv', GeneratedTime: new Date() };
    case 'iam:GetAccountPasswordPolicy':
      return {
        PasswordPolicy: {
          MinimumPasswordLength: 14,
          RequireSymbols: true,
          RequireNumbers: true,
          RequireUppercaseCharacters: true,
          RequireLowercaseCharacters: true,
          AllowUsersToChangePassword: true,
          PasswordReusePrevention: 24,
        },
      };
    case 'iam:GetAccountAuthorizationDetails': {
      // One list of entities, paged by MaxItems across the four kinds, as IAM does.
      const p = page(action, ctx.account().authorization, input, 'Entities', 'MaxItems', 'Marker', 'Marker');
      const out: Output = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
      for (const { kind, item } of p.Entities as { kind: string; item: unknown }[])
        (out[kind] as unknown[]).push(item);
      return { ...out, ...(p.Marker ? { Marker: p.Marker, IsTruncated: true } : { IsTruncated: false }) };
    }
    case 'iam:ListServerCertificates':
      return page(
        action,
        ctx.account().serverCertificates,
        input,
        'ServerCertificateMetadataList',
        'MaxItems',
        'Marker',
        'Marker',
      );
    case 's3:ListAllMyBuckets':
      return page(
        action,
        ctx.account().buckets,
        input,
        'Buckets',
        'MaxBuckets',
        'ContinuationToken',
        'ContinuationToken',
      );
    case 's3:GetBucketLocation': {
      const b = ctx.account().buckets.find((x) => x.Name === input.Bucket);
      if (!b) throw awsError('NoSuchBucket', `The specified bucket does not exist: ${String(input.Bucket)}`);
      return { LocationConstraint: b.BucketRegion === 'us-east-1' ? undefined : b.BucketRegion };
    }
    case 's3:GetBucketPolicy': {
      const i = Number(String(input.Bucket).split('-').pop());
      if (!(i % 2)) throw awsError('NoSuchBucketPolicy', 'The bucket policy does not exist');
      const deny = {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      };
      return { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [deny] }) };
    }
    case 's3:GetBucketVersioning':
      return { Status: 'Enabled', MFADelete: 'Disabled' };
    case 's3:GetBucketPublicAccessBlock':
    case 's3:GetAccountPublicAccessBlock':
      return {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      };
    case 's3:GetBucketLogging':
      return { LoggingEnabled: { TargetBucket: 'access-logs', TargetPrefix: `${String(input.Bucket)}/` } };
    default:
      return undefined;
  }
}
