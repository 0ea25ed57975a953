import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ClientFactory } from '../../lib/aws/clients';
import { loadReportConfig, writeReport } from '../../lib/report/handler';
import { DynamoStateStore } from '../../lib/state/dynamodb';
import { rules } from '../../rules';
import { createBucket, MOTO_REGION, motoClient, useMoto } from '../helpers/moto';
import { createStateTable, STATE_TABLE } from '../helpers/state';
import { posture, state } from '../unit/report/fixtures';

const BUCKET = 'driftwatch-test-reports';
const NOW = new Date('2026-11-20T12:00:00.000Z');

describe('the scheduled report function against moto_server (DynamoDB state table, S3 bucket)', () => {
  const moto = useMoto({ processEnv: true });

  it('reads the whole state table, posture included, and writes the page to the bucket encrypted', async () => {
    // Prepare
    await createStateTable(moto());
    await createBucket(moto(), BUCKET);
    const clients = new ClientFactory();
    const store = new DynamoStateStore(clients, STATE_TABLE, MOTO_REGION);
    const id = 'cloudtrail-enabled|111111111111|us-east-1|<script>x</script>';
    await store.write('cloudtrail-enabled', '111111111111', [
      { values: state({ id, status: 'FAIL', firstSeen: '2026-11-10T12:00:00.000Z' }) },
    ]);
    await store.recordPosture(posture('cloudtrail-enabled', '111111111111', 0, { FAIL: 1, PASS: 2 }));
    await store.recordPosture(posture('root-account-mfa', '222222222222', 0, { ERROR: 1 }, true));
    const config = loadReportConfig({
      DRIFTWATCH_STATE_TABLE: STATE_TABLE,
      DRIFTWATCH_REPORT_BUCKET: BUCKET,
      AWS_REGION: MOTO_REGION,
    });
    // Act
    const summary = await writeReport(
      clients,
      config,
      rules.map((r) => r.meta),
      NOW,
    );
    // Assess
    expect(summary).toMatchObject({
      bucket: BUCKET,
      key: 'posture/index.html',
      accounts: 2,
      openFindings: 1,
    });
    expect(summary.link).toBe(
      `https://s3.console.aws.amazon.com/s3/object/${BUCKET}?region=${MOTO_REGION}&prefix=posture%2Findex.html`,
    );
    const s3 = motoClient(moto(), S3Client);
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'posture/index.html' }));
    const html = (await object.Body?.transformToString()) ?? '';
    expect(object.ContentType).toBe('text/html; charset=utf-8');
    expect(html).toContain('class="c s-FAIL" data-rule="cloudtrail-enabled"');
    expect(html).toContain('class="c s-ERROR partial" data-rule="root-account-mfa"');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'posture/index.html' }));
    expect(head.ServerSideEncryption).toBe('AES256');
  });

  it('keeps posture records out of a rule run load, so drift classification is unchanged', async () => {
    // Prepare
    await createStateTable(moto());
    const store = new DynamoStateStore(new ClientFactory(), STATE_TABLE, MOTO_REGION);
    await store.recordPosture(posture('root-account-mfa', '111111111111', 0, { FAIL: 1 }));
    // Act
    const loaded = await store.load('root-account-mfa', '111111111111');
    const exported = await store.exportAll();
    // Assess
    expect(loaded).toEqual([]);
    expect(exported.runs).toEqual([]);
    expect(exported.posture).toEqual([posture('root-account-mfa', '111111111111', 0, { FAIL: 1 })]);
  });
});
