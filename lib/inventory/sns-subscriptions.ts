import { paginateListSubscriptionsByTopic, SNSClient } from '@aws-sdk/client-sns';
import { awsErrorCode, errorMessage } from '../errors';
import { defineKeyedRead } from './keyed-read';
import { topicSubscriptionsSchema } from './snapshot-schemas-iam-s3';

/** The subscriptions of one SNS topic, or why they could not be read (a topic of another account). */
export type TopicSubscriptions =
  | {
      readonly topicArn: string;
      /** The protocol of each confirmed subscription (its `SubscriptionArn` is an ARN), e.g. `email`. */
      readonly confirmed: readonly string[];
      /** Subscriptions still `PendingConfirmation` (they receive nothing). */
      readonly pending: number;
    }
  | { readonly topicArn: string; readonly error: { readonly code: string; readonly message: string } };

/**
 * The subscriptions of the named SNS topics (ListSubscriptionsByTopic, 100 a page), asked in the
 * region `inventory.get(topicSubscriptions.for(arns), region)` names: a topic's own region. A topic
 * that does not exist (`NotFound`) is not found; one this role may not read carries the error.
 */
export const topicSubscriptions = defineKeyedRead<TopicSubscriptions>({
  name: 'sns.topicSubscriptions',
  scope: 'regional',
  actions: ['sns:ListSubscriptionsByTopic'],
  schema: topicSubscriptionsSchema,
  async fetchKeys(clients, region, arns) {
    const client = clients.get(SNSClient, region);
    const found: TopicSubscriptions[] = [];
    for (const topicArn of arns) {
      const confirmed: string[] = [];
      let pending = 0;
      try {
        for await (const page of paginateListSubscriptionsByTopic({ client }, { TopicArn: topicArn }))
          for (const s of page.Subscriptions ?? []) {
            if (s.SubscriptionArn?.startsWith('arn:')) confirmed.push(s.Protocol ?? '');
            else pending += 1;
          }
      } catch (error) {
        const code = awsErrorCode(error);
        if (code === 'NotFound' || code === 'NotFoundException') continue;
        found.push({ topicArn, error: { code, message: errorMessage(error) } });
        continue;
      }
      found.push({ topicArn, confirmed, pending });
    }
    return found;
  },
});
