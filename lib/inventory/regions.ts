import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GLOBAL_SERVICE_REGION } from '../aws/clients';
import { enabledRegionsSchema } from './snapshot-schemas';
import { defineRead } from './types';

/**
 * The regions enabled for the account: opt-in regions the account has not opted into are left out,
 * as DescribeRegions does by default (AllRegions false).
 */
export const enabledRegions = defineRead<string[]>({
  name: 'ec2.enabledRegions',
  scope: 'global',
  actions: ['ec2:DescribeRegions'],
  schema: enabledRegionsSchema,
  async fetch(clients) {
    const out = await clients
      .get(EC2Client, process.env.AWS_REGION ?? GLOBAL_SERVICE_REGION)
      .send(new DescribeRegionsCommand({ AllRegions: false }));
    return (out.Regions ?? [])
      .filter((r) => r.OptInStatus === undefined || r.OptInStatus !== 'not-opted-in')
      .map((r) => r.RegionName ?? '')
      .filter((name) => name !== '')
      .sort();
  },
});
