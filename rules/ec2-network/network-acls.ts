import type { NetworkAcl } from '../../lib/inventory/ec2-network';
import type { FindingDraft } from '../../lib/rule';
import { CHECK_CONTROLS } from './controls';
import { ADMIN_PORTS, ANY_IPV4, ANY_IPV6, naclAdmits } from './exposure';

/**
 * A network ACL admits no remote administration port (TCP 22, 3389) from 0.0.0.0/0 (CIS 5.2 /
 * EC2.21), judged by its first matching ingress entry for that source; ::/0 is checked the same way
 * and reported in the same finding.
 */
export function networkAclDraft(acl: NetworkAcl, account: string, region: string): FindingDraft {
  const open = [ANY_IPV4, ANY_IPV6].flatMap((source) =>
    ADMIN_PORTS.flatMap((port) => {
      const entry = naclAdmits(acl.entries, source, port);
      return entry ? [{ source, port, ruleNumber: entry.ruleNumber }] : [];
    }),
  );
  const label = `Network ACL ${acl.networkAclId}${acl.isDefault ? ' (the default of ' + acl.vpcId + ')' : ''}`;
  return {
    resource: {
      type: 'AwsEc2NetworkAcl',
      id: acl.networkAclId,
      arn: `arn:aws:ec2:${region}:${account}:network-acl/${acl.networkAclId}`,
    },
    checkId: 'nacl-admin-ports',
    controls: CHECK_CONTROLS.naclAdminPorts,
    severity: 'medium',
    status: open.length ? 'FAIL' : 'PASS',
    details: { vpcId: acl.vpcId, subnetIds: acl.subnetIds, allowed: open },
    message: open.length
      ? `${label} allows ${open.map((o) => `port ${o.port} from ${o.source} (rule ${o.ruleNumber})`).join(', ')}; add a lower-numbered deny or narrow the allow to trusted ranges.`
      : `${label} does not allow ports 22 or 3389 from the internet.`,
  };
}
