import type { NaclEntry, PermissionRule } from '../../lib/inventory/ec2-network';

/** The whole IPv4 and IPv6 internet as a source. */
export const ANY_IPV4 = '0.0.0.0/0';
export const ANY_IPV6 = '::/0';

/** The remote server administration ports of CIS 5.2-5.4: SSH and RDP. */
export const ADMIN_PORTS = [22, 3389] as const;
/** CIFS/SMB over TCP (CIS 5.1.2). */
export const CIFS_PORT = 445;

const TCP = new Set(['tcp', '6']);
const UDP = new Set(['udp', '17']);

/**
 * Whether a security group rule admits `port` for `protocols` (`-1` admits every port of every
 * protocol; tcp/udp admit their port range).
 */
export function admitsPort(rule: PermissionRule, port: number, protocols: 'tcp' | 'tcp-udp'): boolean {
  if (rule.protocol === '-1') return true;
  const matches = TCP.has(rule.protocol) || (protocols === 'tcp-udp' && UDP.has(rule.protocol));
  if (!matches) return false;
  return (rule.fromPort ?? 0) <= port && port <= (rule.toPort ?? 65535);
}

/** The ports of `ports` that some ingress rule open to `source` (0.0.0.0/0 or ::/0) admits. */
export function exposedPorts(
  ingress: readonly PermissionRule[],
  source: typeof ANY_IPV4 | typeof ANY_IPV6,
  ports: readonly number[],
  protocols: 'tcp' | 'tcp-udp',
): number[] {
  const open = ingress.filter((r) => (source === ANY_IPV4 ? r.ipv4 : r.ipv6).includes(source));
  return ports.filter((p) => open.some((r) => admitsPort(r, p, protocols)));
}

/**
 * Whether a network ACL admits TCP `port` from the whole internet of one family: its ingress
 * entries for exactly that source are walked in rule-number order and the first one covering the
 * port decides (entries for narrower sources neither open nor close it to everyone).
 */
export function naclAdmits(
  entries: readonly NaclEntry[],
  source: string,
  port: number,
): NaclEntry | undefined {
  const ordered = entries
    .filter((e) => !e.egress && (e.cidr === source || e.ipv6Cidr === source))
    .sort((a, b) => a.ruleNumber - b.ruleNumber);
  const first = ordered.find(
    (e) =>
      e.protocol === '-1' ||
      (e.protocol === '6' && (e.portRange?.from ?? 0) <= port && port <= (e.portRange?.to ?? 65535)),
  );
  return first?.action === 'allow' ? first : undefined;
}
