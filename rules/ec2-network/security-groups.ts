import type { Controls, ResourceRef } from '../../lib/findings';
import type { SecurityGroup } from '../../lib/inventory/ec2-network';
import type { FindingDraft } from '../../lib/rule';
import { CHECK_CONTROLS } from './controls';
import { ADMIN_PORTS, ANY_IPV4, ANY_IPV6, CIFS_PORT, exposedPorts } from './exposure';

/** Where a security group lives, as a finding names it. */
export interface GroupScope {
  readonly account: string;
  readonly region: string;
}

function resource(g: SecurityGroup, { account, region }: GroupScope): ResourceRef {
  const arn = `arn:aws:ec2:${region}:${account}:security-group/${g.groupId}`;
  return Object.keys(g.tags).length > 0
    ? { type: 'AwsEc2SecurityGroup', id: g.groupId, arn, tags: g.tags }
    : { type: 'AwsEc2SecurityGroup', id: g.groupId, arn };
}

type InternetSource = typeof ANY_IPV4 | typeof ANY_IPV6;
const INTERNET: readonly InternetSource[] = [ANY_IPV4, ANY_IPV6];
const CIFS_PORTS = [CIFS_PORT] as const;

const portNames: Readonly<Record<number, string>> = { 22: 'SSH (22)', 3389: 'RDP (3389)', 445: 'CIFS (445)' };
const named = (ports: readonly number[]) => ports.map((p) => portNames[p] ?? String(p)).join(' and ');

/**
 * The checks of one security group: admin ports (22, 3389; TCP, UDP or all protocols) open to
 * 0.0.0.0/0 (CIS 5.3) and to ::/0 (CIS 5.4), CIFS (TCP 445) open to either (CIS 5.1.2), and, for
 * a VPC's default group, that it has no rules at all (CIS 5.5).
 */
export function securityGroupDrafts(g: SecurityGroup, scope: GroupScope): FindingDraft[] {
  // One resource object shared by the group's findings; literals, not spreads (a draft per check
  // per group: ~1,000 groups a region).
  const ref = resource(g, scope);
  const label = `Security group ${g.groupId} (${g.groupName})`;
  const admin = (source: InternetSource, checkId: string, controls: Controls): FindingDraft => {
    const open = exposedPorts(g.ingress, source, ADMIN_PORTS, 'tcp-udp');
    return {
      resource: ref,
      checkId,
      controls,
      status: open.length ? 'FAIL' : 'PASS',
      details: { source, exposedPorts: open },
      message: open.length
        ? `${label} admits ${named(open)} from ${source}, so anyone on the internet can try to log in.`
        : `${label} admits no remote administration port from ${source}.`,
    };
  };
  const cifsSources = INTERNET.filter((s) => exposedPorts(g.ingress, s, CIFS_PORTS, 'tcp').length > 0);
  const drafts: FindingDraft[] = [
    admin(ANY_IPV4, 'sg-admin-ports-ipv4', CHECK_CONTROLS.sgAdminPortsIpv4),
    admin(ANY_IPV6, 'sg-admin-ports-ipv6', CHECK_CONTROLS.sgAdminPortsIpv6),
    {
      resource: ref,
      checkId: 'cifs-restricted',
      controls: CHECK_CONTROLS.cifs,
      status: cifsSources.length ? 'FAIL' : 'PASS',
      details: { exposedTo: cifsSources },
      message: cifsSources.length
        ? `${label} admits CIFS (TCP 445) from ${cifsSources.join(' and ')}; file shares must be reachable from trusted networks only.`
        : `${label} does not admit CIFS (TCP 445) from the internet.`,
    },
  ];
  if (g.groupName === 'default' && g.vpcId) drafts.push(defaultGroupDraft(g, ref, label));
  return drafts;
}

function defaultGroupDraft(g: SecurityGroup, ref: ResourceRef, label: string): FindingDraft {
  const rules = { ingressRules: g.ingress.length, egressRules: g.egress.length };
  const restricted = g.ingress.length === 0 && g.egress.length === 0;
  return {
    resource: ref,
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
