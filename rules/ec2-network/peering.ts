import type { PeeringRoute, VpcPeering } from '../../lib/inventory/vpc-peering';
import type { FindingDraft } from '../../lib/rule';
import { CHECK_CONTROLS } from './controls';

/** `10.1.0.0/16` → [network as a 32-bit number, prefix length], or undefined for IPv6 / bad input. */
function ipv4(cidr: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const addr = octets.reduce((a, o) => a * 256 + o, 0);
  return [addr, Number(m[5])];
}

/** Whether `outer` contains all of `inner` (IPv4; an IPv6 pair only when equal or `::/0`). */
export function covers(outer: string, inner: string): boolean {
  if (outer === '::/0' || outer === inner) return true;
  const o = ipv4(outer);
  const i = ipv4(inner);
  if (!o || !i || o[1] > i[1]) return false;
  const size = 2 ** (32 - o[1]);
  return Math.floor(o[0] / size) === Math.floor(i[0] / size);
}

/**
 * CIS 5.6, a heuristic (the benchmark's check is manual): which subnets a peer needs is not in any
 * API, so a peering route counts as least access when its destination is narrower than the whole
 * peer VPC, and FAILs when it routes the whole peer VPC CIDR or more (0.0.0.0/0 included). One
 * draft per route table with peering routes; a region without any is NOT_APPLICABLE.
 */
export function peeringDrafts(
  routes: readonly PeeringRoute[],
  peerings: readonly VpcPeering[],
  account: string,
  region: string,
): FindingDraft[] {
  const base = {
    checkId: 'peering-least-access',
    controls: CHECK_CONTROLS.peeringRoutes,
    severity: 'low' as const,
  };
  if (routes.length === 0)
    return [
      {
        ...base,
        resource: { type: 'AwsRegion', id: region },
        status: 'NOT_APPLICABLE',
        details: { heuristic: true },
        message: `No route table in ${region} routes through a VPC peering connection.`,
      },
    ];
  const byTable = new Map<string, PeeringRoute[]>();
  for (const r of routes) byTable.set(r.routeTableId, [...(byTable.get(r.routeTableId) ?? []), r]);
  return [...byTable.entries()].map(([tableId, tableRoutes]) => {
    const broad = tableRoutes.flatMap((r) => {
      const p = peerings.find((x) => x.peeringConnectionId === r.peeringConnectionId);
      const peer = p ? (p.requester.vpcId === r.vpcId ? p.accepter : p.requester) : undefined;
      const whole = peer?.cidrs.find((c) => covers(r.destination, c));
      const all = r.destination === '0.0.0.0/0' || r.destination === '::/0';
      return all || whole
        ? [{ destination: r.destination, peering: r.peeringConnectionId, peerCidr: whole ?? r.destination }]
        : [];
    });
    return {
      ...base,
      resource: {
        type: 'AwsEc2RouteTable',
        id: tableId,
        arn: `arn:aws:ec2:${region}:${account}:route-table/${tableId}`,
      },
      status: broad.length ? ('FAIL' as const) : ('PASS' as const),
      details: {
        heuristic: true,
        routes: tableRoutes.map((r) => ({ destination: r.destination, peering: r.peeringConnectionId })),
        broad,
      },
      message: broad.length
        ? `Route table ${tableId} routes ${broad.map((b) => `${b.destination} through ${b.peering}`).join(', ')}, the whole peer VPC or more; route only the subnets that need each other (heuristic: which subnets are needed is not visible to an API).`
        : `Route table ${tableId} routes only parts of its peer VPCs (heuristic: narrower than the whole peer CIDR).`,
    };
  });
}
