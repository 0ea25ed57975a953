import {
  DescribeInstanceStatusCommand,
  EC2Client,
  ModifyInstanceEventStartTimeCommand,
} from '@aws-sdk/client-ec2';
import { defineAction } from './types';

export interface RescheduleEventInput {
  readonly instanceId: string;
  readonly instanceEventId: string;
  /** The new start, ISO-8601 UTC. */
  readonly notBefore: string;
}

const isOver = (description: string | undefined) => /^\[(Completed|Canceled)\]/.test(description ?? '');

/**
 * Moves a scheduled instance event to a new start (ModifyInstanceEventStartTime). Idempotent: it
 * first reads the event again and skips when it is gone, over, or already starts at the new time.
 * Needs `ec2:DescribeInstanceStatus` too, which the rule already reads with.
 */
export const rescheduleInstanceEvent = defineAction<RescheduleEventInput>({
  name: 'ec2:ModifyInstanceEventStartTime',
  // The account's own instances.
  iam: {
    'ec2:ModifyInstanceEventStartTime': [
      { resources: ['arn:${AWS::Partition}:ec2:*:${AWS::AccountId}:instance/*'] },
    ],
  },
  async run(clients, region, input) {
    const client = clients.get(EC2Client, region);
    const status = await client.send(
      new DescribeInstanceStatusCommand({ InstanceIds: [input.instanceId], IncludeAllInstances: true }),
    );
    const event = status.InstanceStatuses?.[0]?.Events?.find(
      (e) => e.InstanceEventId === input.instanceEventId,
    );
    if (!event || isOver(event.Description)) {
      return { status: 'skipped', reason: `event ${input.instanceEventId} is no longer scheduled` };
    }
    const target = new Date(input.notBefore);
    if (event.NotBefore?.getTime() === target.getTime()) {
      return { status: 'skipped', reason: `event already starts at ${input.notBefore}` };
    }
    const out = await client.send(
      new ModifyInstanceEventStartTimeCommand({
        InstanceId: input.instanceId,
        InstanceEventId: input.instanceEventId,
        NotBefore: target,
      }),
    );
    const now = out.Event?.NotBefore?.toISOString();
    return { status: 'done', note: `AWS now shows the event starting at ${now ?? 'an unreported time'}` };
  },
});
