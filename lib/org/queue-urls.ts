import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { ClientFactory } from '../aws/clients';
import { awsErrorCode, ConfigError, errorMessage } from '../errors';

/**
 * Rule id → queue URL from rule id → queue name, with one GetQueueUrl per queue in `region`: how the
 * dispatcher finds its queues under `sls invoke local`, where the deployment's `Fn::Sub` of queue
 * URLs cannot be resolved (deploy/environment.ts). A queue that cannot be found fails the run with a
 * ConfigError naming it and the variable that would name its URL instead.
 */
export async function queueUrlsByName(
  clients: ClientFactory,
  names: Readonly<Record<string, string>>,
  region: string,
): Promise<Record<string, string>> {
  const sqs = clients.get(SQSClient, region);
  const entries = await Promise.all(
    Object.entries(names).map(async ([ruleId, name]) => {
      try {
        const out = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
        return [ruleId, out.QueueUrl ?? ''] as const;
      } catch (error) {
        throw new ConfigError(
          'DRIFTWATCH_RULE_QUEUES',
          `The scan queue of ${ruleId}, ${name}, was not found in ${region} (${awsErrorCode(error)}: ${errorMessage(error).slice(0, 200)}); deploy the stage first, or set DRIFTWATCH_RULE_QUEUES to a JSON object of rule id to queue URL.`,
          { cause: error },
        );
      }
    }),
  );
  return Object.fromEntries(entries);
}
