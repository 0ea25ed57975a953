import {
  AuthorizeSecurityGroupIngressCommand,
  CreateRouteCommand,
  CreateSecurityGroupCommand,
  CreateVpcCommand,
  CreateVpcPeeringConnectionCommand,
  DescribeRouteTablesCommand,
  DisableEbsEncryptionByDefaultCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  PutBucketPolicyCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { Moto } from './moto';
import { MOTO_REGION, motoClient } from './moto';

/** Seeding for the CIS network, S3 and IAM rules (ec2-network, s3-buckets, iam-*) on moto_server. */

/** One t3.micro from moto's stock image; `HttpTokens` optional is IMDSv1 left on. */
export async function runInstance(
  moto: Moto,
  region: string = MOTO_REGION,
  metadata: { HttpTokens?: 'optional' | 'required' } = {},
): Promise<string> {
  const run = await motoClient(moto, EC2Client, region).send(
    new RunInstancesCommand({
      ImageId: 'ami-12c6146b',
      InstanceType: 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      ...(metadata.HttpTokens ? { MetadataOptions: { HttpTokens: metadata.HttpTokens } } : {}),
    }),
  );
  return run.Instances?.[0]?.InstanceId as string;
}

/**
 * Every ec2-network check failing somewhere in `region`: a group open to SSH from ::/0 and to CIFS
 * from 0.0.0.0/0 (besides moto's allow-all default groups and ACLs), an instance with IMDSv1, a
 * route to a peered VPC's whole range, and EBS encryption by default off.
 */
export async function exposedNetwork(
  moto: Moto,
  region: string = MOTO_REGION,
): Promise<{ groupId: string; routeTable: string }> {
  const ec2 = motoClient(moto, EC2Client, region);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }))).Vpc?.VpcId as string;
  const peer = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.2.0.0/16' }))).Vpc?.VpcId as string;
  const groupId = (
    await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'ssh-open', Description: 'ssh', VpcId: vpc }))
  ).GroupId as string;
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: groupId,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
        { IpProtocol: 'tcp', FromPort: 445, ToPort: 445, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      ],
    }),
  );
  await runInstance(moto, region, { HttpTokens: 'optional' });
  const pcx = (await ec2.send(new CreateVpcPeeringConnectionCommand({ VpcId: vpc, PeerVpcId: peer })))
    .VpcPeeringConnection?.VpcPeeringConnectionId as string;
  const tables = await ec2.send(
    new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }] }),
  );
  const routeTable = tables.RouteTables?.[0]?.RouteTableId as string;
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: routeTable,
      DestinationCidrBlock: '10.2.0.0/16',
      VpcPeeringConnectionId: pcx,
    }),
  );
  await ec2.send(new DisableEbsEncryptionByDefaultCommand({}));
  return { groupId, routeTable };
}

/**
 * Bucket `locked-down` in eu-west-1 with a TLS-only policy and Block Public Access, and a bare
 * bucket `wide-open` in us-east-1; the account has no Block Public Access.
 */
export async function lockedDownAndOpenBuckets(moto: Moto): Promise<void> {
  const eu = motoClient(moto, S3Client, 'eu-west-1');
  await eu.send(
    new CreateBucketCommand({
      Bucket: 'locked-down',
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
    }),
  );
  await eu.send(
    new PutBucketPolicyCommand({
      Bucket: 'locked-down',
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: ['arn:aws:s3:::locked-down', 'arn:aws:s3:::locked-down/*'],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
    }),
  );
  await eu.send(
    new PutPublicAccessBlockCommand({
      Bucket: 'locked-down',
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    }),
  );
  await motoClient(moto, S3Client).send(new CreateBucketCommand({ Bucket: 'wide-open' }));
}

/** User `bob` with a console password and no MFA, and user `ci` with two active access keys. */
export async function usersWithCredentialGaps(moto: Moto): Promise<void> {
  const iam = motoClient(moto, IAMClient);
  await iam.send(new CreateUserCommand({ UserName: 'bob' }));
  await iam.send(new CreateLoginProfileCommand({ UserName: 'bob', Password: 'Correct-horse-9' }));
  await iam.send(new CreateUserCommand({ UserName: 'ci' }));
  await iam.send(new CreateAccessKeyCommand({ UserName: 'ci' }));
  await iam.send(new CreateAccessKeyCommand({ UserName: 'ci' }));
}

/**
 * A customer policy `everything` allowing "*:*" attached to user `bob` and group `Admins`, no
 * support role, and an instance in us-east-1 without an instance profile (its id returned). moto 5
 * loads no AWS managed policies, so "*:*" comes from a customer policy.
 */
export async function policyGaps(moto: Moto): Promise<{ instanceId: string }> {
  const iam = motoClient(moto, IAMClient);
  const star = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  });
  const { Policy } = await iam.send(
    new CreatePolicyCommand({ PolicyName: 'everything', PolicyDocument: star }),
  );
  await iam.send(new CreateUserCommand({ UserName: 'bob' }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: Policy?.Arn }));
  await iam.send(new CreateGroupCommand({ GroupName: 'Admins' }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: 'Admins', PolicyArn: Policy?.Arn }));
  return { instanceId: await runInstance(moto) };
}
