import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { ClientFactory } from '../../../lib/aws/clients';
import { reportHandler } from '../../../lib/report/handler';
import { rules } from '../../../rules';

// aws-sdk-client-mock: the calls the deployed report role must allow (dynamodb:Scan, s3:PutObject
// under posture/); the same page against moto_server is test/e2e/report-function.test.ts.
const dynamo = mockClient(DynamoDBClient);
const s3 = mockClient(S3Client);
const metas = rules.map((r) => r.meta);

beforeEach(() => {
  dynamo.reset();
  s3.reset();
});

describe('reportHandler: the scheduled report function entry (functions/report.ts)', () => {
  it('loads without its variables and fails each invocation naming the missing one, with no AWS call', async () => {
    // Act: building the handler is what loading the bundle does (the cold-start bench loads it bare).
    const handler = reportHandler(metas, { DRIFTWATCH_REPORT_BUCKET: 'b' }, new ClientFactory());

    // Assess
    await expect(handler()).rejects.toMatchObject({
      name: 'ConfigError',
      variable: 'DRIFTWATCH_STATE_TABLE',
    });
    await expect(reportHandler(metas, { DRIFTWATCH_STATE_TABLE: 't' })()).rejects.toMatchObject({
      variable: 'DRIFTWATCH_REPORT_BUCKET',
    });
    expect(dynamo.calls().length + s3.calls().length).toBe(0);
  });

  it('scans the state table and puts the page under posture/ in the report bucket, returning its link', async () => {
    // Prepare
    dynamo.on(ScanCommand).resolves({ Items: [] });
    s3.on(PutObjectCommand).resolves({});
    const env = {
      DRIFTWATCH_STATE_TABLE: 'driftwatch-ci-state',
      DRIFTWATCH_REPORT_BUCKET: 'driftwatch-reports',
      DRIFTWATCH_REPORT_KEY: 'posture/index.html',
      AWS_REGION: 'eu-west-1',
    };

    // Act
    const summary = await reportHandler(metas, env, new ClientFactory())();

    // Assess
    expect(dynamo.commandCalls(ScanCommand).map((c) => c.args[0].input.TableName)).toEqual([
      'driftwatch-ci-state',
    ]);
    const put = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(put).toMatchObject([
      { Bucket: 'driftwatch-reports', Key: 'posture/index.html', ServerSideEncryption: 'AES256' },
    ]);
    expect(typeof put[0]?.Body === 'string' ? put[0].Body : '').toMatch(/^<!doctype html>/i);
    expect(summary).toMatchObject({
      bucket: 'driftwatch-reports',
      key: 'posture/index.html',
      link: 'https://s3.console.aws.amazon.com/s3/object/driftwatch-reports?region=eu-west-1&prefix=posture%2Findex.html',
      accounts: 0,
      openFindings: 0,
    });
  });
});
