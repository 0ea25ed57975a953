import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Moto } from './moto';
import { motoClient } from './moto';

export const STATE_TABLE = 'driftwatch-test-state';

/** The state table as serverless.yml defines it (pk `rule|account`, sk the finding id). */
export async function createStateTable(moto: Moto): Promise<void> {
  await motoClient(moto, DynamoDBClient).send(
    new CreateTableCommand({
      TableName: STATE_TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
}
