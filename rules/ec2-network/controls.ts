import type { Controls } from '../../lib/findings';

/**
 * The benchmark controls of each ec2-network check (the rule's metadata lists their union). CIS
 * v5.0 renumbered section 5 (v3.0 5.1-5.6 became 5.2-5.7, and v3.0 2.2.1 EBS encryption became
 * 5.1.1); Security Hub ids from its CIS v5.0.0 standard. 5.1.2 and 5.6 have no Security Hub control.
 */
export const CHECK_CONTROLS = {
  /** CIS v5.0 5.1.1 / v3.0 2.2.1 / EC2.7: EBS encryption by default in every region. */
  ebsDefaultEncryption: { cisV3: ['2.2.1'], cisV5: ['5.1.1'], securityHub: ['EC2.7'] },
  /** CIS v5.0 5.1.2 (new in v5.0): CIFS (TCP 445) is not open to the internet. */
  cifs: { cisV5: ['5.1.2'] },
  /** CIS v5.0 5.2 / v3.0 5.1 / EC2.21: no network ACL admits 0.0.0.0/0 to ports 22 or 3389. */
  naclAdminPorts: { cisV3: ['5.1'], cisV5: ['5.2'], securityHub: ['EC2.21'] },
  /** CIS v5.0 5.3 / v3.0 5.2 / EC2.53: no security group admits 0.0.0.0/0 to ports 22 or 3389. */
  sgAdminPortsIpv4: { cisV3: ['5.2'], cisV5: ['5.3'], securityHub: ['EC2.53'] },
  /** CIS v5.0 5.4 / v3.0 5.3 / EC2.54: no security group admits ::/0 to ports 22 or 3389. */
  sgAdminPortsIpv6: { cisV3: ['5.3'], cisV5: ['5.4'], securityHub: ['EC2.54'] },
  /** CIS v5.0 5.5 / v3.0 5.4 / EC2.2: every VPC's default security group has no rules. */
  defaultSecurityGroup: { cisV3: ['5.4'], cisV5: ['5.5'], securityHub: ['EC2.2'] },
  /** CIS v5.0 5.6 / v3.0 5.5 (manual in the benchmark; a heuristic here): peering routes are least access. */
  peeringRoutes: { cisV3: ['5.5'], cisV5: ['5.6'] },
  /** CIS v5.0 5.7 / v3.0 5.6 / EC2.8: instances require IMDSv2. */
  imdsv2: { cisV3: ['5.6'], cisV5: ['5.7'], securityHub: ['EC2.8'] },
} as const satisfies Record<string, Controls>;

/** Every check's controls in one list per framework, for the rule's metadata. */
export function unionOfControls(all: readonly Controls[]): Controls {
  const pick = (key: keyof Controls) => [...new Set(all.flatMap((c) => c[key] ?? []))];
  return { cisV3: pick('cisV3'), cisV5: pick('cisV5'), securityHub: pick('securityHub') };
}
