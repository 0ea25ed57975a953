import type { Controls } from '../../lib/findings';

/** One event class of CIS v5.0 section 4 that needs a metric filter, an alarm and a subscribed topic. */
export interface MonitoredEvent {
  /** The finding's `checkId`. */
  readonly checkId: string;
  /** Names the events: "unauthorized API calls". */
  readonly events: string;
  readonly controls: Controls;
  /** The benchmark's filter patterns (any one will do; 4.2 gives a variant for SSO users). */
  readonly patterns: readonly string[];
}

const cis = (id: string, securityHub?: string): Controls => ({
  cisV3: [id],
  cisV5: [id],
  ...(securityHub ? { securityHub: [securityHub] } : {}),
});

/**
 * CIS AWS Foundations v5.0 4.1-4.15 with the audit procedure's filter patterns, as the benchmark
 * gives them (mirrored in Prowler's `prowler/compliance/aws/cis_5.0_aws.json`). Security Hub's
 * CloudWatch.1-14 check the same filters for CIS v1.2.0/v1.4.0 (CloudWatch.1 is root usage, 4.3;
 * CloudWatch.2 unauthorized API calls, 4.1; ...); none exists for 4.15 (Organizations changes).
 */
export const MONITORED_EVENTS: readonly MonitoredEvent[] = [
  {
    checkId: 'unauthorized-api-calls',
    events: 'unauthorized API calls',
    controls: cis('4.1', 'CloudWatch.2'),
    patterns: [
      '{ ($.errorCode =*UnauthorizedOperation) || ($.errorCode =AccessDenied*) && ($.sourceIPAddress!=delivery.logs.amazonaws.com) && ($.eventName!=HeadBucket) }',
    ],
  },
  {
    checkId: 'console-sign-in-without-mfa',
    events: 'console sign-in without MFA',
    controls: cis('4.2', 'CloudWatch.3'),
    patterns: [
      '{ ($.eventName = ConsoleLogin) && ($.additionalEventData.MFAUsed != Yes) }',
      '{ ($.eventName = ConsoleLogin) && ($.additionalEventData.MFAUsed != Yes) && ($.userIdentity.type = IAMUser) && ($.responseElements.ConsoleLogin = Success) }',
    ],
  },
  {
    checkId: 'root-usage',
    events: "use of the 'root' user",
    controls: cis('4.3', 'CloudWatch.1'),
    patterns: [
      '{ $.userIdentity.type = Root && $.userIdentity.invokedBy NOT EXISTS && $.eventType != AwsServiceEvent }',
    ],
  },
  {
    checkId: 'iam-policy-changes',
    events: 'IAM policy changes',
    controls: cis('4.4', 'CloudWatch.4'),
    patterns: [
      '{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}',
    ],
  },
  {
    checkId: 'cloudtrail-changes',
    events: 'CloudTrail configuration changes',
    controls: cis('4.5', 'CloudWatch.5'),
    patterns: [
      '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
    ],
  },
  {
    checkId: 'console-authentication-failures',
    events: 'console authentication failures',
    controls: cis('4.6', 'CloudWatch.6'),
    patterns: ['{ ($.eventName = ConsoleLogin) && ($.errorMessage = Failed authentication) }'],
  },
  {
    checkId: 'kms-key-disable-or-deletion',
    events: 'disabling or scheduled deletion of customer managed KMS keys',
    controls: cis('4.7', 'CloudWatch.7'),
    patterns: [
      '{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }',
    ],
  },
  {
    checkId: 's3-bucket-policy-changes',
    events: 'S3 bucket policy changes',
    controls: cis('4.8', 'CloudWatch.8'),
    patterns: [
      '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }',
    ],
  },
  {
    checkId: 'config-changes',
    events: 'AWS Config configuration changes',
    controls: cis('4.9', 'CloudWatch.9'),
    patterns: [
      '{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel)||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }',
    ],
  },
  {
    checkId: 'security-group-changes',
    events: 'security group changes',
    controls: cis('4.10', 'CloudWatch.10'),
    patterns: [
      '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) || ($.eventName = ModifySecurityGroupRules) }',
    ],
  },
  {
    checkId: 'network-acl-changes',
    events: 'network ACL changes',
    controls: cis('4.11', 'CloudWatch.11'),
    patterns: [
      '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }',
    ],
  },
  {
    checkId: 'network-gateway-changes',
    events: 'network gateway changes',
    controls: cis('4.12', 'CloudWatch.12'),
    patterns: [
      '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }',
    ],
  },
  {
    checkId: 'route-table-changes',
    events: 'route table changes',
    controls: cis('4.13', 'CloudWatch.13'),
    patterns: [
      '{($.eventSource = ec2.amazonaws.com) && ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }',
    ],
  },
  {
    checkId: 'vpc-changes',
    events: 'VPC changes',
    controls: cis('4.14', 'CloudWatch.14'),
    patterns: [
      '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }',
    ],
  },
  {
    checkId: 'organizations-changes',
    events: 'AWS Organizations changes',
    controls: cis('4.15'),
    patterns: [
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = AcceptHandshake) || ($.eventName = AttachPolicy) || ($.eventName = CreateAccount) || ($.eventName = CreateOrganizationalUnit) || ($.eventName = CreatePolicy) || ($.eventName = DeclineHandshake) || ($.eventName = DeleteOrganization) || ($.eventName = DeleteOrganizationalUnit) || ($.eventName = DeletePolicy) || ($.eventName = DetachPolicy) || ($.eventName = DisablePolicyType) || ($.eventName = EnablePolicyType) || ($.eventName = InviteAccountToOrganization) || ($.eventName = LeaveOrganization) || ($.eventName = MoveAccount) || ($.eventName = RemoveAccountFromOrganization) || ($.eventName = UpdatePolicy) || ($.eventName = UpdateOrganizationalUnit)) }',
    ],
  },
];
