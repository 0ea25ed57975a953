import {
  CreateTagsCommand,
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

/** The instance tag recording the start driftwatch asked for: `driftwatch:moved:<event id>` = ISO time. */
export const MOVED_TAG_PREFIX = 'driftwatch:moved:';

const INSTANCES = ['arn:${AWS::Partition}:ec2:*:${AWS::AccountId}:instance/*'];

const isOver = (description: string | undefined) => /^\[(Completed|Canceled)\]/.test(description ?? '');

/**
 * Moves a scheduled instance event to a new start (ModifyInstanceEventStartTime). Idempotent: it
 * first reads the event again and skips when it is gone, over, or already starts at the new time.
 * Needs `ec2:DescribeInstanceStatus` too, which the rule already reads with. After the move it tags
 * the instance with the start it asked for (`MOVED_TAG_PREFIX`), so the next run can tell whether
 * AWS kept it.
 */
export const rescheduleInstanceEvent = defineAction<RescheduleEventInput>({
  name: 'ec2:ModifyInstanceEventStartTime',
  alsoNeeds: ['ec2:CreateTags'],
  // The account's own instances; tags only the marker.
  iam: {
    'ec2:ModifyInstanceEventStartTime': [{ resources: INSTANCES }],
    'ec2:CreateTags': [
      {
        resources: INSTANCES,
        condition: { 'ForAllValues:StringLike': { 'aws:TagKeys': [`${MOVED_TAG_PREFIX}*`] } },
      },
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
    await client.send(
      new CreateTagsCommand({
        Resources: [input.instanceId],
        Tags: [{ Key: `${MOVED_TAG_PREFIX}${input.instanceEventId}`, Value: target.toISOString() }],
      }),
    );
    const now = out.Event?.NotBefore?.toISOString();
    return { status: 'done', note: `AWS now shows the event starting at ${now ?? 'an unreported time'}` };
  },
});
