import { ec2ScheduledEvents } from '../../../../rules/ec2-scheduled-events';
import { at, EID, ec2, eventOf, evaluate, group, IID, retirement } from './autopilot-fixtures';

describe('ec2-scheduled-events: moves with margins, and whether AWS kept them', () => {
  const movable = (inHours: number, deadlineHours: number) =>
    retirement(inHours, { code: 'system-reboot', notBeforeDeadline: at(deadlineHours) });

  it('says there is no window on the instance or its group', async () => {
    const f = eventOf(await evaluate({ events: [movable(30, 200)], groups: [group()] }));
    expect(f.details?.reschedule).toBe('no MaintenanceWindow tag on the instance or its Auto Scaling group');
  });

  it('prefers the instance window over the group window', async () => {
    const groups = [group({ tags: { MaintenanceWindow: 'Mon 03:00-05:00' } })];
    const f = eventOf(
      await evaluate({
        events: [movable(30, 200)],
        instance: ec2({ MaintenanceWindow: 'Sun 03:00-05:00' }),
        groups,
      }),
    );
    expect(f.action?.description).toContain(
      'to Sun 2026-11-22 03:00 UTC, inside its maintenance window Sun 03:00-05:00 UTC',
    );
  });

  it('plans nothing when the deadline comes before the next window', async () => {
    const groups = [group({ tags: { MaintenanceWindow: 'Sun 03:00-05:00' } })];
    const f = eventOf(await evaluate({ events: [movable(6, 10)], groups }));
    expect(f.action).toBeUndefined();
    expect(f.details?.reschedule).toBe(
      "no Auto Scaling group's maintenance window (Sun 03:00-05:00 UTC) between Sat 2026-11-21 13:15 UTC and the deadline Sat 2026-11-21 22:00 UTC",
    );
  });

  it('accepts an event already moved, when AWS kept the time', async () => {
    const tags = { MaintenanceWindow: 'Sun 03:00-05:00', [`driftwatch:moved:${EID}`]: at(15) };
    const findings = await evaluate({ events: [movable(15, 200)], instance: ec2(tags) });
    expect(eventOf(findings).action).toBeUndefined();
    expect(eventOf(findings).details?.reschedule).toBe(
      'moved by driftwatch to Sun 2026-11-22 03:00 UTC; AWS kept it',
    );
    expect(findings.find((f) => f.checkId === `${EID}:moved`)).toBeUndefined();
  });

  it('reports a FAIL when AWS did not keep the time, and does not move it again', async () => {
    const tags = { MaintenanceWindow: 'Sun 03:00-05:00', [`driftwatch:moved:${EID}`]: at(15) };
    const findings = await evaluate({ events: [movable(40, 200)], instance: ec2(tags) });
    expect(eventOf(findings).action).toBeUndefined();
    expect(findings.find((f) => f.checkId === `${EID}:moved`)).toMatchObject({
      status: 'FAIL',
      severity: 'medium',
      message: `AWS did not keep the start driftwatch set for system-reboot event ${EID} of EC2 instance ${IID} in eu-west-1: driftwatch moved it to Sun 2026-11-22 03:00 UTC, AWS now starts it at Mon 2026-11-23 04:00 UTC. It is not moved again automatically; check the event in the EC2 console.`,
    });
  });

  it('reports a bad group window tag on every run, also with no event due', async () => {
    const findings = await evaluate({
      events: [],
      groups: [group({ tags: { MaintenanceWindow: 'sundays' } })],
    });
    expect(findings.find((f) => f.resource.id === 'web-asg')).toMatchObject({
      status: 'FAIL',
      checkId: 'maintenance-window-tag',
      resource: {
        type: 'AwsAutoScalingAutoScalingGroup',
        id: 'web-asg',
        tags: { MaintenanceWindow: 'sundays' },
      },
    });
  });
});

describe('ec2-scheduled-events: permissions derived from its reads and actions', () => {
  it('gains only the Auto Scaling actions it uses, and never ec2:TerminateInstances', () => {
    const { read, remediate } = ec2ScheduledEvents.meta.permissions;
    expect([...remediate].sort()).toEqual([
      'autoscaling:CreateOrUpdateTags',
      'autoscaling:SetInstanceHealth',
      'autoscaling:StartInstanceRefresh',
      'ec2:CreateTags',
      'ec2:ModifyInstanceEventStartTime',
    ]);
    expect(read.filter((a) => a.startsWith('autoscaling:')).sort()).toEqual([
      'autoscaling:DescribeAutoScalingGroups',
      'autoscaling:DescribeInstanceRefreshes',
    ]);
    const all = [...read, ...remediate];
    expect(all).not.toContain('ec2:TerminateInstances');
    expect(all).not.toContain('autoscaling:TerminateInstanceInAutoScalingGroup');
    expect(all).not.toContain('ec2:DescribeLaunchTemplateVersions');
  });
});
