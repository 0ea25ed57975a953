/** Fixtures of the autopilot tests: one instance with a retirement, its group, an inventory. */
import type { ActiveRefresh } from '../../../../lib/inventory/autoscaling';
import type { GroupLaunch, GroupMembers } from '../../../../lib/inventory/autoscaling-members';
import type { Ec2Instance, InstanceEvent } from '../../../../lib/inventory/ec2-instances';
import { StoredInventory, storedValues } from '../../../../lib/inventory/memory';
import type { FindingDraft } from '../../../../lib/rule';
import { ec2ScheduledEvents } from '../../../../rules/ec2-scheduled-events';

export const REGION = 'eu-west-1';
// Saturday 2026-11-21 12:00 UTC.
export const NOW = new Date('2026-11-21T12:00:00Z');
export const at = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000).toISOString();
const ok = { status: 'ok', failing: [] };
export const IID = 'i-0aaaaaaaaaaaaaaa1';
export const EID = 'instance-event-0retire000000001';

export const retirement = (inHours: number, extra: Partial<InstanceEvent> = {}): InstanceEvent => ({
  id: EID,
  code: 'instance-retirement',
  description: 'The instance is running on degraded hardware',
  notBefore: at(inHours),
  ...extra,
});
export const ec2 = (tags: Record<string, string> = {}): Ec2Instance => ({
  instanceId: IID,
  instanceType: 'm5.large',
  state: 'running',
  rootDeviceType: 'ebs',
  tags: { Name: 'web-1', Owner: 'team-web', ...tags },
});
export function group(extra: Partial<GroupMembers> = {}): GroupMembers {
  const member = (instanceId: string) => ({
    instanceId,
    lifecycleState: 'InService',
    healthStatus: 'Healthy',
  });
  return {
    name: 'web-asg',
    desiredCapacity: 3,
    minSize: 3,
    maxSize: 6,
    instances: [member(IID), member('i-0bbbbbbbbbbbbbbb2'), member('i-0ccccccccccccccc3')],
    tags: {},
    ...extra,
  };
}
export const LAUNCH_FIRST = { minHealthyPercentage: 100, maxHealthyPercentage: 110 };

export interface Setup {
  readonly events: InstanceEvent[];
  readonly instance?: Ec2Instance;
  readonly groups?: GroupMembers[];
  readonly refreshes?: ActiveRefresh[];
  readonly launches?: GroupLaunch[];
  readonly params?: Record<string, unknown>;
}

export async function evaluate(s: Setup): Promise<FindingDraft[]> {
  const values: Record<string, Record<string, unknown>> = {
    'ec2.instanceStatuses': {
      [REGION]: [{ instanceId: IID, state: 'running', system: ok, instance: ok, events: s.events }],
    },
    'ec2.instances': { [REGION]: [s.instance ?? ec2()] },
    'ec2.instanceStoreTypes': { [REGION]: [] },
    'autoscaling.groupMembers': { [REGION]: s.groups ?? [] },
  };
  if (s.refreshes)
    values['autoscaling.activeRefreshes'] = { [REGION]: { requested: ['web-asg'], found: s.refreshes } };
  if (s.launches)
    values['autoscaling.groupLaunches'] = { [REGION]: { requested: ['web-asg'], found: s.launches } };
  const params = ec2ScheduledEvents.params.parse(s.params ?? {});
  return ec2ScheduledEvents.evaluate({
    inventory: new StoredInventory(storedValues(values)),
    account: '111122223333',
    region: REGION,
    params,
    now: NOW,
  });
}
export const eventOf = (findings: FindingDraft[]) => findings.find((f) => f.checkId === EID) as FindingDraft;
export const ON = { replaceBeforeEvents: true };
