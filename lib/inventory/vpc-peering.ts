import {
  EC2Client,
  paginateDescribeRouteTables,
  paginateDescribeVpcPeeringConnections,
} from '@aws-sdk/client-ec2';
import { defineRead } from './types';
import { peeringRoutesSchema, vpcPeeringsSchema } from './snapshot-schemas-ec2';

/** A route through a VPC peering connection. */
export interface PeeringRoute {
  readonly routeTableId: string;
  readonly vpcId: string;
  readonly destination: string;
  readonly peeringConnectionId: string;
}

/** The routes of the region's route tables that go through a VPC peering connection (DescribeRouteTables). */
export const peeringRoutes = defineRead<PeeringRoute[]>({
  name: 'ec2.peeringRoutes',
  scope: 'regional',
  actions: ['ec2:DescribeRouteTables'],
  schema: peeringRoutesSchema,
  async fetch(clients, region) {
    const client = clients.get(EC2Client, region);
    const out: PeeringRoute[] = [];
    for await (const page of paginateDescribeRouteTables({ client, pageSize: 100 }, {})) {
      for (const t of page.RouteTables ?? []) {
        for (const r of t.Routes ?? []) {
          const destination = r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock;
          if (!r.VpcPeeringConnectionId || !destination) continue;
          out.push({
            routeTableId: t.RouteTableId ?? '',
            vpcId: t.VpcId ?? '',
            destination,
            peeringConnectionId: r.VpcPeeringConnectionId,
          });
        }
      }
    }
    return out;
  },
});

/** A VPC peering connection and the CIDR blocks of its two sides. */
export interface VpcPeering {
  readonly peeringConnectionId: string;
  readonly status: string;
  readonly requester: { readonly vpcId: string; readonly cidrs: readonly string[] };
  readonly accepter: { readonly vpcId: string; readonly cidrs: readonly string[] };
}

/** The region's VPC peering connections (DescribeVpcPeeringConnections). */
export const vpcPeerings = defineRead<VpcPeering[]>({
  name: 'ec2.vpcPeerings',
  scope: 'regional',
  actions: ['ec2:DescribeVpcPeeringConnections'],
  schema: vpcPeeringsSchema,
  async fetch(clients, region) {
    const client = clients.get(EC2Client, region);
    const out: VpcPeering[] = [];
    type Side = { VpcId?: string; CidrBlock?: string; CidrBlockSet?: { CidrBlock?: string }[] };
    const side = (s: Side | undefined) => ({
      vpcId: s?.VpcId ?? '',
      cidrs: [
        ...new Set([s?.CidrBlock, ...(s?.CidrBlockSet ?? []).map((c) => c.CidrBlock)].filter(Boolean)),
      ] as string[],
    });
    for await (const page of paginateDescribeVpcPeeringConnections({ client, pageSize: 1000 }, {})) {
      for (const p of page.VpcPeeringConnections ?? []) {
        out.push({
          peeringConnectionId: p.VpcPeeringConnectionId ?? '',
          status: p.Status?.Code ?? 'unknown',
          requester: side(p.RequesterVpcInfo),
          accepter: side(p.AccepterVpcInfo),
        });
      }
    }
    return out;
  },
});
