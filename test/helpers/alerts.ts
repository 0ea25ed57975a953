import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { invokeOk } from './invoke';
import type { Moto } from './moto';
import { motoClient } from './moto';
import type { Finding } from '../../lib/findings';
import type { RunMessage } from '../../lib/publish/sns';
import type { RunSummary } from '../../lib/summary';

/** An SNS topic with an SQS queue subscribed, as a security team's pipeline would have. */
export interface AlertInbox {
  readonly topicArn: string;
  /** Every SNS notification that reached the queue (default JSON body parsed), draining it. */
  receive(): Promise<ReceivedAlert[]>;
  /** The email bodies and subjects SNS would have sent, from moto's record of published messages. */
  emails(): Promise<{ subject: string; email: string }[]>;
}

export interface ReceivedAlert {
  readonly subject: string;
  readonly body: RunMessage;
  readonly attributes: Record<string, { Type: string; Value: string }>;
}

export async function createInbox(moto: Moto, name = 'driftwatch-alerts'): Promise<AlertInbox> {
  const sns = motoClient(moto, SNSClient);
  const sqs = motoClient(moto, SQSClient);
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-inbox` }));
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: attrs.Attributes?.QueueArn }));
  const topicArn = TopicArn as string;
  return {
    topicArn,
    async receive() {
      const alerts: ReceivedAlert[] = [];
      for (;;) {
        const out = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        if (!out.Messages?.length) return alerts;
        for (const m of out.Messages) {
          const envelope = JSON.parse(m.Body ?? '{}') as {
            Subject: string;
            Message: string;
            MessageAttributes: ReceivedAlert['attributes'];
          };
          alerts.push({
            subject: envelope.Subject,
            body: JSON.parse(envelope.Message) as RunMessage,
            attributes: envelope.MessageAttributes,
          });
          await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
        }
      }
    },
    async emails() {
      const topic = (await moto.data()).sns?.Topic?.find((t) => t.arn === topicArn);
      return (topic?.sent_notifications ?? []).map(([, message, subject]) => ({
        subject,
        email: (JSON.parse(message) as { email: string }).email,
      }));
    },
  };
}

/** The environment of a bundled function on `moto` that publishes its alerts to `inbox`. */
export function alertEnv(
  moto: Moto,
  inbox: AlertInbox,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return { ...moto.env, DRIFTWATCH_TOPIC_ARN: inbox.topicArn, ...extra };
}

/**
 * Runs a bundled rule function on `moto` publishing to `inbox` (it must succeed), then drains the
 * inbox: the run's summary and every finding its alerts carried.
 */
export async function runAndReceive(
  moto: Moto,
  inbox: AlertInbox,
  fn: string,
  event: unknown,
): Promise<{ summary: RunSummary; findings: readonly Finding[] }> {
  const summary = await invokeOk<RunSummary>(fn, event, alertEnv(moto, inbox));
  const alerts = await inbox.receive();
  return { summary, findings: alerts.flatMap((a) => a.body.findings) };
}
