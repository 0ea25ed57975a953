/**
 * instance-standard in the demo account: what its reads return, recorded by demo/demo-account.ts.
 *
 * us-east-1: the web fleet's golden image moved on 20 hours before the capture (SSM parameter
 * /golden/web/ami), and two of web-asg's three instances still run the previous one (superseded);
 * a batch worker has run 40 hours against a 24-hour lifetime (over lifetime); a hand-built bastion
 * belongs to no group (unmanaged), accepts IMDSv1 and has no owner. The other regions run nothing.
 */
import type { AutoScalingGroup } from '../lib/inventory/autoscaling';
import { activeRefreshes, autoScalingGroups } from '../lib/inventory/autoscaling';
import { groupMembers } from '../lib/inventory/autoscaling-members';
import type { Image } from '../lib/inventory/images';
import { imagesById, ownedImages } from '../lib/inventory/images';
import type { RunningInstance } from '../lib/inventory/running-instances';
import { runningInstances } from '../lib/inventory/running-instances';
import { imageParameters } from '../lib/inventory/ssm';
import type { ReadDef } from '../lib/inventory/types';

/** What demo/demo-account.ts records reads with. */
export interface DemoRecorder {
  value<T>(read: ReadDef<T>, key: string, value: T): unknown;
}

const OWNER_ID = '111122223333';

/** Records the instance-standard reads of every demo region, dated `hours` before `capturedAt`. */
export function instanceStandardDemo(r: DemoRecorder, capturedAt: Date, regions: readonly string[]): void {
  const ago = (hours: number) => new Date(capturedAt.getTime() - hours * 3_600_000).toISOString();
  const image = (imageId: string, name: string, hoursAgo: number, family: string): Image => ({
    imageId,
    name,
    state: 'available',
    creationDate: ago(hoursAgo),
    architecture: 'x86_64',
    ownerId: OWNER_ID,
    tags: { 'driftwatch:image-family': family },
  });
  const webOld = 'ami-0a7e5c3b1d9f20461';
  const webNew = 'ami-0b8f6d4c2e0a31572';
  const batch = 'ami-0c9a7e5d3f1b42683';
  const instance = (
    instanceId: string,
    imageId: string,
    hoursAgo: number,
    tags: Record<string, string>,
    httpTokens = 'required',
  ): RunningInstance => ({
    instanceId,
    imageId,
    architecture: 'x86_64',
    launchTime: ago(hoursAgo),
    httpTokens,
    httpEndpoint: 'enabled',
    tags,
  });
  const web = (n: number, v: string) => ({
    Name: `storefront-web-${n}`,
    Owner: 'team-storefront',
    'driftwatch:image-parameter': '/golden/web/ami',
    'aws:autoscaling:groupName': 'storefront-web',
    'aws:ec2launchtemplate:id': 'lt-0d1e2f3a4b5c60718',
    'aws:ec2launchtemplate:version': v,
  });
  const worker = (n: number) => ({
    Name: `report-worker-${n}`,
    Owner: 'team-finance',
    'aws:autoscaling:groupName': 'report-workers',
    'aws:ec2launchtemplate:id': 'lt-0e2f3a4b5c6d70829',
    'aws:ec2launchtemplate:version': '3',
  });
  r.value(runningInstances, 'us-east-1', [
    instance('i-0d5e6f7a8b9c01231', webOld, 22, web(1, '6')),
    instance('i-0d5e6f7a8b9c01232', webOld, 21, web(2, '6')),
    instance('i-0d5e6f7a8b9c01233', webNew, 3, web(3, '7')),
    instance('i-0d5e6f7a8b9c01234', batch, 40, worker(1)),
    instance('i-0d5e6f7a8b9c01235', batch, 6, worker(2)),
    instance(
      'i-0d5e6f7a8b9c01236',
      webOld,
      200,
      { Name: 'bastion', 'driftwatch:image-parameter': '/golden/web/ami' },
      'optional',
    ),
  ]);
  r.value(ownedImages, 'us-east-1', [
    image(webOld, 'golden-web-2026-11-12', 24 * 8, 'web'),
    image(webNew, 'golden-web-2026-11-19', 26, 'web'),
    image(batch, 'golden-batch-2026-11-18', 48, 'batch'),
  ]);
  const member = (instanceId: string, version: string) => ({
    instanceId,
    lifecycleState: 'InService',
    healthStatus: 'Healthy',
    launchTemplateVersion: version,
  });
  const groups: AutoScalingGroup[] = [
    {
      name: 'storefront-web',
      desiredCapacity: 3,
      minSize: 3,
      maxSize: 6,
      launchTemplate: {
        id: 'lt-0d1e2f3a4b5c60718',
        name: 'storefront-web',
        configuredVersion: '$Latest',
        launchesVersion: 7,
        latestVersion: 7,
        defaultVersion: 6,
        imageId: 'resolve:ssm:/golden/web/ami',
      },
      instances: [
        member('i-0d5e6f7a8b9c01231', '6'),
        member('i-0d5e6f7a8b9c01232', '6'),
        member('i-0d5e6f7a8b9c01233', '7'),
      ],
    },
    {
      name: 'report-workers',
      desiredCapacity: 2,
      minSize: 1,
      maxSize: 4,
      launchTemplate: {
        id: 'lt-0e2f3a4b5c6d70829',
        name: 'report-workers',
        configuredVersion: '$Default',
        launchesVersion: 3,
        latestVersion: 3,
        defaultVersion: 3,
        imageId: batch,
      },
      instances: [member('i-0d5e6f7a8b9c01234', '3'), member('i-0d5e6f7a8b9c01235', '3')],
    },
  ];
  r.value(autoScalingGroups, 'us-east-1', groups);
  // The same groups as ec2-scheduled-events reads them (membership, capacity, tags).
  r.value(
    groupMembers,
    'us-east-1',
    groups.map((g) => ({
      name: g.name,
      desiredCapacity: g.desiredCapacity,
      minSize: g.minSize,
      maxSize: g.maxSize,
      instances: g.instances.map(({ instanceId, lifecycleState, healthStatus }) => ({
        instanceId,
        lifecycleState,
        healthStatus,
      })),
      tags: {},
    })),
  );
  r.value(imageParameters, 'us-east-1', {
    requested: ['/golden/web/ami'],
    found: [
      {
        name: '/golden/web/ami',
        value: webNew,
        version: 9,
        lastModified: ago(20),
        dataType: 'aws:ec2:image',
      },
    ],
  });
  r.value(imagesById, 'us-east-1', { requested: [], found: [] });
  r.value(activeRefreshes, 'us-east-1', { requested: ['report-workers', 'storefront-web'], found: [] });
  for (const region of regions.filter((x) => x !== 'us-east-1')) {
    r.value(runningInstances, region, []);
    r.value(ownedImages, region, []);
    r.value(autoScalingGroups, region, []);
    r.value(groupMembers, region, []);
  }
}
