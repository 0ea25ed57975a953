import {
  at,
  EID,
  eventOf,
  evaluate,
  group,
  IID,
  LAUNCH_FIRST,
  ON,
  REGION,
  retirement,
} from './autopilot-fixtures';
import { recordingClients } from './recording-clients';

describe('ec2-scheduled-events: replacing Auto Scaling members before the event', () => {
  it('plans no replacement for an instance in no group, and says driftwatch does nothing without a window', async () => {
    // Act
    const f = eventOf(await evaluate({ events: [retirement(20)], params: ON }));
    // Assess
    expect(f.action).toBeUndefined();
    expect(f.details).toMatchObject({
      group: null,
      replacement: null,
      reschedule: 'no MaintenanceWindow tag',
    });
    expect(f.details?.driftwatch).toBe('Nothing: no MaintenanceWindow tag.');
  });

  it('replaces nothing while replaceBeforeEvents is off (the default), saying so', async () => {
    const f = eventOf(await evaluate({ events: [retirement(20)], groups: [group()] }));
    expect(f.action).toBeUndefined();
    expect(f.details?.replacement).toBe(
      'member of Auto Scaling group web-asg; replaceBeforeEvents is off, so driftwatch does not replace it',
    );
  });

  it('waits until the lead time before the event, naming when the replacement starts', async () => {
    const f = eventOf(await evaluate({ events: [retirement(30)], groups: [group()], params: ON }));
    expect(f.action).toBeUndefined();
    expect(f.details?.replacement).toBe(
      'Auto Scaling group web-asg replaces it from Sat 2026-11-21 18:00 UTC, 24 h before the event (launching the replacement first)',
    );
    expect(f.details?.reschedule).toBe('not moved: its Auto Scaling group replaces the instance');
  });

  it('marks only that instance unhealthy when the group launches before terminating, then tags the marker', async () => {
    // Prepare
    const findings = await evaluate({
      events: [retirement(20)],
      groups: [group({ maintenancePolicy: LAUNCH_FIRST })],
      refreshes: [],
      params: ON,
    });
    const f = eventOf(findings);
    const clients = recordingClients({ group: group(), policy: LAUNCH_FIRST });
    // Act
    const outcome = await f.action?.run(clients.factory, REGION);
    // Assess
    expect(f.action?.name).toBe('autoscaling:SetInstanceHealth');
    expect(outcome?.status).toBe('done');
    expect(
      clients.calls.filter(
        (c) => c.name !== 'DescribeAutoScalingGroupsCommand' && c.name !== 'DescribeInstanceRefreshesCommand',
      ),
    ).toEqual([
      {
        name: 'SetInstanceHealthCommand',
        input: { InstanceId: IID, HealthStatus: 'Unhealthy', ShouldRespectGracePeriod: false },
      },
      {
        name: 'CreateOrUpdateTagsCommand',
        input: {
          Tags: [
            {
              ResourceId: 'web-asg',
              ResourceType: 'auto-scaling-group',
              Key: `driftwatch:replacing:${IID}`,
              Value: `${EID}@2026-11-21T12:00:00.000Z`,
              PropagateAtLaunch: false,
            },
          ],
        },
      },
    ]);
  });

  it('with min = desired and no maintenance policy, starts a refresh that launches first (100% minimum, above 100% maximum)', async () => {
    const f = eventOf(
      await evaluate({ events: [retirement(20)], groups: [group()], refreshes: [], params: ON }),
    );
    const clients = recordingClients({ group: group() });
    await f.action?.run(clients.factory, REGION);
    expect(f.action?.name).toBe('autoscaling:StartInstanceRefresh');
    const start = clients.calls.find((c) => c.name === 'StartInstanceRefreshCommand');
    expect(start?.input).toEqual({
      AutoScalingGroupName: 'web-asg',
      Strategy: 'Rolling',
      Preferences: { MinHealthyPercentage: 100, MaxHealthyPercentage: 134, SkipMatching: false },
    });
    expect(clients.calls.map((c) => c.name)).not.toContain('TerminateInstanceInAutoScalingGroupCommand');
  });

  it('starts nothing on a group already refreshing', async () => {
    const refreshes = [{ groupName: 'web-asg', refreshId: 'r-1', status: 'InProgress' }];
    const f = eventOf(await evaluate({ events: [retirement(20)], groups: [group()], refreshes, params: ON }));
    expect(f.action).toBeUndefined();
    expect(f.details?.replacement).toBe(
      'Auto Scaling group web-asg is already refreshing (r-1, InProgress): nothing else is started',
    );
  });

  it('does not replace in a group below its healthy desired capacity, and moves the event into the group window instead', async () => {
    const degraded = group({ tags: { MaintenanceWindow: 'Sun 03:00-05:00' } });
    const sick = {
      ...degraded,
      instances: degraded.instances.map((x, i) => (i === 2 ? { ...x, healthStatus: 'Unhealthy' } : x)),
    };
    const event = retirement(20, { notBeforeDeadline: at(24 * 10) });
    const f = eventOf(await evaluate({ events: [event], groups: [sick], refreshes: [], params: ON }));
    expect(f.details?.replacement).toBe(
      'Auto Scaling group web-asg has 2 of 3 instances in service and healthy (minimum 3): not replaced until it is whole',
    );
    expect(f.action?.name).toBe('ec2:ModifyInstanceEventStartTime');
    expect(f.action?.description).toContain(
      "inside its Auto Scaling group's maintenance window Sun 03:00-05:00 UTC",
    );
  });

  it('does not replace for system-maintenance', async () => {
    const event = { ...retirement(20), code: 'system-maintenance' };
    const f = eventOf(await evaluate({ events: [event], groups: [group()], params: ON }));
    expect(f.action).toBeUndefined();
    expect(f.details?.replacement).toBe(
      'member of Auto Scaling group web-asg; a system-maintenance event is not a reason to replace it',
    );
  });

  it('does not start again while its own replacement is under way', async () => {
    const tags = { [`driftwatch:replacing:${IID}`]: `${EID}@2026-11-21T06:00:00.000Z` };
    const f = eventOf(await evaluate({ events: [retirement(20)], groups: [group({ tags })], params: ON }));
    expect(f.action).toBeUndefined();
    expect(f.details?.replacement).toBe(
      'driftwatch started replacing it through Auto Scaling group web-asg at Sat 2026-11-21 06:00 UTC; waiting for the group to finish',
    );
  });

  it('names the replacement on the next run once the instance left its group', async () => {
    const tags = { [`driftwatch:replacing:${IID}`]: `${EID}@2026-11-21T06:00:00.000Z` };
    const left = group({ tags, instances: group().instances.filter((x) => x.instanceId !== IID) });
    const launches = [
      {
        instanceId: 'i-0ddddddddddddddd4',
        groupName: 'web-asg',
        launchTime: '2026-11-21T06:02:00.000Z',
        state: 'running',
      },
      {
        instanceId: 'i-0bbbbbbbbbbbbbbb2',
        groupName: 'web-asg',
        launchTime: '2026-11-01T00:00:00.000Z',
        state: 'running',
      },
    ];
    const f = eventOf(await evaluate({ events: [], groups: [left], launches, params: ON }));
    expect(f.status).toBe('PASS');
    expect(f.message).toBe(
      `EC2 instance ${IID} in eu-west-1 left Auto Scaling group web-asg before its scheduled event ${EID}: driftwatch started the replacement at Sat 2026-11-21 06:00 UTC, replaced by i-0ddddddddddddddd4.`,
    );
  });
});
