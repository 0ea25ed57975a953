import type { ClientFactory } from '../../../../lib/aws/clients';
import type { GroupMembers, MaintenancePolicy } from '../../../../lib/inventory/autoscaling-members';

/** One command an action sent: its class name and input. */
export interface RecordedCall {
  readonly name: string;
  readonly input: unknown;
}

/**
 * A ClientFactory whose every client records the commands sent and answers the Auto Scaling ones an
 * action makes from one group's state (no refresh under way); anything else answers `{}`.
 */
export function recordingClients(state: { group: GroupMembers; policy?: MaintenancePolicy }): {
  factory: ClientFactory;
  calls: RecordedCall[];
} {
  const calls: RecordedCall[] = [];
  const g = state.group;
  const answers: Record<string, unknown> = {
    DescribeAutoScalingGroupsCommand: {
      AutoScalingGroups: [
        {
          AutoScalingGroupName: g.name,
          DesiredCapacity: g.desiredCapacity,
          MinSize: g.minSize,
          MaxSize: g.maxSize,
          Instances: g.instances.map((i) => ({
            InstanceId: i.instanceId,
            LifecycleState: i.lifecycleState,
            HealthStatus: i.healthStatus,
          })),
          ...(state.policy
            ? {
                InstanceMaintenancePolicy: {
                  MinHealthyPercentage: state.policy.minHealthyPercentage,
                  MaxHealthyPercentage: state.policy.maxHealthyPercentage,
                },
              }
            : {}),
        },
      ],
    },
    DescribeInstanceRefreshesCommand: { InstanceRefreshes: [] },
    StartInstanceRefreshCommand: { InstanceRefreshId: 'refresh-0001' },
  };
  const client = {
    send: (command: { constructor: { name: string }; input: unknown }) => {
      const name = command.constructor.name;
      calls.push({ name, input: command.input });
      return Promise.resolve(answers[name] ?? {});
    },
  };
  const factory = { get: () => client } as unknown as ClientFactory;
  return { factory, calls };
}
