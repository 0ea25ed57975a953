// Tamper sentinel latency (issue 19): from the EventBridge "AWS API Call via CloudTrail" event
// reaching the cloudtrailEnabled function to its alert being published, in-process, on moto_server.
// Each of N events (default 100) follows a real StopLogging on a multi-region trail; the function
// (the esbuild bundle, loaded once: one warm Lambda container) re-evaluates that region, restarts
// the trail (DRIFTWATCH_REMEDIATE=true) and publishes to SNS (no state table, so every run alerts).
// Prints p50/p95/max. EventBridge's own delivery (CloudTrail -> bus -> Lambda) is not in this
// number: see README "Tamper sentinel". Usage: npm run build && node bench/sentinel.mjs [N]
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const N = Number(process.argv[2] ?? 100);
const TRAIL = 'org-audit-trail';

const port = await new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port: p } = server.address();
    server.close(() => resolve(p));
  });
});
const endpoint = `http://127.0.0.1:${port}`;
const moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
  env: { ...process.env, MOTO_EC2_LOAD_DEFAULT_AMIS: 'false' },
  stdio: 'ignore',
});
try {
  for (let i = 0; ; i += 1) {
    if (i > 300) throw new Error('moto_server did not start in 30 s');
    if (
      await globalThis
        .fetch(`${endpoint}/moto-api/data.json`)
        .then((r) => r.ok)
        .catch(() => false)
    )
      break;
    await sleep(100);
  }
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  const {
    CloudTrailClient,
    CreateTrailCommand,
    PutEventSelectorsCommand,
    StartLoggingCommand,
    StopLoggingCommand,
  } = require('@aws-sdk/client-cloudtrail');
  const { S3Client, CreateBucketCommand } = require('@aws-sdk/client-s3');
  const { SNSClient, CreateTopicCommand } = require('@aws-sdk/client-sns');
  const trails = new CloudTrailClient({});
  await new S3Client({ forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: 'audit-logs' }));
  await trails.send(
    new CreateTrailCommand({ Name: TRAIL, S3BucketName: 'audit-logs', IsMultiRegionTrail: true }),
  );
  await trails.send(
    new PutEventSelectorsCommand({
      TrailName: TRAIL,
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }],
    }),
  );
  await trails.send(new StartLoggingCommand({ Name: TRAIL }));
  const { TopicArn } = await new SNSClient({}).send(new CreateTopicCommand({ Name: 'driftwatch-alerts' }));
  Object.assign(process.env, {
    DRIFTWATCH_TOPIC_ARN: TopicArn,
    DRIFTWATCH_REMEDIATE: 'true',
    DRIFTWATCH_REGIONS: 'us-east-1,eu-west-1',
  });
  const { handler } = require(join(root, 'dist', 'cloudtrailEnabled', 'index.js'));
  const context = () => {
    const deadline = Date.now() + 300_000;
    return {
      functionName: 'driftwatch-bench-cloudtrailEnabled',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:driftwatch-bench-cloudtrailEnabled',
      awsRequestId: 'bench',
      getRemainingTimeInMillis: () => deadline - Date.now(),
    };
  };
  const event = (i) => ({
    version: '0',
    id: `bench-${i}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.cloudtrail',
    account: '123456789012',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [],
    detail: {
      eventVersion: '1.08',
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/alice', userName: 'alice' },
      eventTime: new Date().toISOString(),
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      awsRegion: 'us-east-1',
      sourceIPAddress: '203.0.113.7',
      requestParameters: { name: `arn:aws:cloudtrail:us-east-1:123456789012:trail/${TRAIL}` },
      eventType: 'AwsApiCall',
    },
  });

  const ms = [];
  for (let i = 0; i < N + 1; i += 1) {
    await trails.send(new StopLoggingCommand({ Name: TRAIL }));
    const t0 = process.hrtime.bigint();
    const summary = await handler(event(i), context());
    const elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
    if (summary.published.length === 0 || summary.changes.done !== 1)
      throw new Error(
        `event ${i}: expected an alert and a restart, got ${JSON.stringify(summary).slice(0, 400)}`,
      );
    if (i > 0) ms.push(elapsed); // the first invocation pays module initialisation (a cold start)
  }
  ms.sort((a, b) => a - b);
  const at = (q) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)];
  const fmt = (v) => `${v.toFixed(0)} ms`;
  console.log(
    `tamper sentinel, event received -> alert published (in-process, moto_server, ${ms.length} events):`,
  );
  console.log(
    `  p50 ${fmt(at(0.5))}  p95 ${fmt(at(0.95))}  max ${fmt(ms[ms.length - 1])}  (target p95 < 2000 ms)`,
  );
} finally {
  moto.kill('SIGTERM');
}
