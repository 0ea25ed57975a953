import type { InstanceProfileUse } from '../../lib/inventory/iam-instance-roles';
import type { ServerCertificate } from '../../lib/inventory/iam-server-certificates';
import type { FindingDraft } from '../../lib/rule';
import { CHECKS } from './checks';

/** CIS 1.18: each server certificate stored in IAM that has expired fails; a valid one passes. */
export function certificateDrafts(
  certificates: readonly ServerCertificate[],
  account: string,
  now: Date,
): FindingDraft[] {
  const check = { checkId: CHECKS.expiredCertificates.id, controls: CHECKS.expiredCertificates.controls };
  if (certificates.length === 0) {
    return [
      {
        resource: { type: 'AwsAccount', id: account, arn: `arn:aws:iam::${account}:root` },
        ...check,
        status: 'NOT_APPLICABLE',
        message: `Account ${account} stores no server certificates in IAM.`,
      },
    ];
  }
  return certificates.map((c) => {
    const expired = c.expiration !== undefined && Date.parse(c.expiration) <= now.getTime();
    return {
      resource: { type: 'AwsIamServerCertificate', id: c.name, arn: c.arn },
      ...check,
      severity: 'medium' as const,
      status: expired ? ('FAIL' as const) : ('PASS' as const),
      message: expired
        ? `Server certificate ${c.name} expired on ${c.expiration?.slice(0, 10)} and is still stored in IAM, where it can be deployed by mistake; delete it.`
        : `Server certificate ${c.name} is valid${c.expiration ? ` until ${c.expiration.slice(0, 10)}` : ''}.`,
      details: { ...(c.expiration ? { expiration: c.expiration } : {}) },
    };
  });
}

/** CIS 1.17: each instance of the region (terminated ones aside) should run with an instance profile. */
export function instanceRoleDrafts(
  instances: readonly InstanceProfileUse[],
  account: string,
  region: string,
): FindingDraft[] {
  const check = { checkId: CHECKS.instanceRoles.id, controls: CHECKS.instanceRoles.controls };
  const live = instances.filter((i) => i.state !== 'terminated' && i.state !== 'shutting-down');
  if (live.length === 0) {
    return [
      {
        resource: { type: 'AwsAccount', id: account },
        ...check,
        status: 'NOT_APPLICABLE',
        message: `Account ${account} has no instances in ${region}.`,
      },
    ];
  }
  const arnPrefix = `arn:aws:ec2:${region}:${account}:instance/`;
  const { heuristic } = CHECKS.instanceRoles;
  // One literal per instance (no spreads): a large account has thousands of instances per region.
  return live.map((i): FindingDraft => {
    const label = i.name ? `${i.instanceId} (${i.name})` : i.instanceId;
    const resource = { type: 'AwsEc2Instance', id: i.instanceId, arn: arnPrefix + i.instanceId };
    const profile = i.instanceProfileArn;
    return profile
      ? {
          resource,
          checkId: check.checkId,
          controls: check.controls,
          severity: 'medium',
          status: 'PASS',
          message: `Instance ${label} uses the IAM role of instance profile ${profile.slice(profile.lastIndexOf('/') + 1)}.`,
          details: { state: i.state, instanceProfileArn: profile, heuristic },
        }
      : {
          resource,
          checkId: check.checkId,
          controls: check.controls,
          severity: 'medium',
          status: 'FAIL',
          message: `Instance ${label} has no IAM role, so any AWS access from it relies on keys stored on the instance.`,
          details: { state: i.state, heuristic },
        };
  });
}
