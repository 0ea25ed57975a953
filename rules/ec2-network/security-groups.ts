import type { SecurityGroup } from '../../lib/inventory/ec2-network';
import type { FindingDraft } from '../../lib/rule';
import { CHECK_CONTROLS } from './controls';
import { ADMIN_PORTS, ANY_IPV4, ANY_IPV6, CIFS_PORT, exposedPorts } from './exposure';

/** Where a security group lives, as a finding names it. */
export interface GroupScope {
  readonly account: string;
  readonly region: string;
}

function resource(g: SecurityGroup, { account, region }: GroupScope) {
  return {
    type: 'AwsEc2SecurityGroup',
    id: g.groupId,
    arn: `arn:aws:ec2:${region}:${account}:security-group/${g.groupId}`,
    ...(Object.keys(g.tags).length ? { tags: g.tags } : {}),
  };
}

const portNames: Readonly<Record<number, string>> = { 22: 'SSH (22)', 3389: 'RDP (3389)', 445: 'CIFS (445)' };
const named = (ports: readonly number[]) => ports.map((p) => portNames[p] ?? String(p)).join(' and ');

/**
 * The checks of one security group: admin ports (22, 3389; TCP, UDP or all protocols) open to
 * 0.0.0.0/0 (CIS 5.3) and to ::/0 (CIS 5.4), CIFS (TCP 445) open to either (CIS 5.1.2), and, for
 * a VPC's default group, that it has no rules at all (CIS 5.5).
 */
export function securityGroupDrafts(g: SecurityGroup, scope: GroupScope): FindingDraft[] {
  const base = { resource: resource(g, scope) };
  const label = `Security group ${g.groupId} (${g.groupName})`;
  const admin = (
    source: typeof ANY_IPV4 | typeof ANY_IPV6,
    checkId: string,
    controls: (typeof CHECK_CONTROLS)['sgAdminPortsIpv4' | 'sgAdminPortsIpv6'],
  ): FindingDraft => {
    const open = exposedPorts(g.ingress, source, ADMIN_PORTS, 'tcp-udp');
    return {
      ...base,
      checkId,
      controls,
      status: open.length ? 'FAIL' : 'PASS',
      details: { source, exposedPorts: open },
      message: open.length
        ? `${label} admits ${named(open)} from ${source}, so anyone on the internet can try to log in.`
        : `${label} admits no remote administration port from ${source}.`,
    };
  };
  const cifsSources = [ANY_IPV4, ANY_IPV6].filter(
    (s) => exposedPorts(g.ingress, s as typeof ANY_IPV4, [CIFS_PORT], 'tcp').length > 0,
  );
  const drafts: FindingDraft[] = [
    admin(ANY_IPV4, 'sg-admin-ports-ipv4', CHECK_CONTROLS.sgAdminPortsIpv4),
    admin(ANY_IPV6, 'sg-admin-ports-ipv6', CHECK_CONTROLS.sgAdminPortsIpv6),
    {
      ...base,
      checkId: 'cifs-restricted',
      controls: CHECK_CONTROLS.cifs,
      status: cifsSources.length ? 'FAIL' : 'PASS',
      details: { exposedTo: cifsSources },
      message: cifsSources.length
        ? `${label} admits CIFS (TCP 445) from ${cifsSources.join(' and ')}; file shares must be reachable from trusted networks only.`
        : `${label} does not admit CIFS (TCP 445) from the internet.`,
    },
  ];
  if (g.groupName === 'default' && g.vpcId) drafts.push(defaultGroupDraft(g, base, label));
  return drafts;
}

function defaultGroupDraft(
  g: SecurityGroup,
  base: { resource: ReturnType<typeof resource> },
  label: string,
): FindingDraft {
  const rules = { ingressRules: g.ingress.length, egressRules: g.egress.length };
  const restricted = g.ingress.length === 0 && g.egress.length === 0;
  return {
    ...base,
    checkId: 'default-sg-restricted',
    controls: CHECK_CONTROLS.defaultSecurityGroup,
    severity: 'medium',
    status: restricted ? 'PASS' : 'FAIL',
    details: { vpcId: g.vpcId, ...rules },
    message: restricted
      ? `${label}, the default group of ${g.vpcId}, has no rules.`
      : `${label}, the default group of ${g.vpcId}, has ${rules.ingressRules} inbound and ${rules.egressRules} outbound rules; resources launched without a group get them, so remove every rule.`,
  };
}
