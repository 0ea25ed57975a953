import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { ClientFactory } from '../../lib/aws/clients';
import type { Finding } from '../../lib/findings';
import { ruleHandler } from '../../lib/handler';
import { s3Control } from '../../lib/inventory/s3-control';
import type { RunSummary } from '../../lib/summary';
import { s3Buckets } from '../../rules/s3-buckets';
import { createInbox } from '../helpers/alerts';
import { lambdaContext } from '../helpers/lambda';
import { MOTO_CREDENTIALS, useMoto } from '../helpers/moto';
import { lockedDownAndOpenBuckets } from '../helpers/seed-cis';

const ACCOUNT = '123456789012';

// moto gaps met here: ListBuckets carries no BucketRegion, so the read asks GetBucketLocation (as
// for old AWS responses); MFA Delete cannot be turned on (moto has no root MFA), so only its FAIL
// is shown end to end (PASS is a unit test).
describe('s3-buckets through ruleHandler on moto_server', () => {
  const moto = useMoto({ processEnv: true });

  async function invoke(
    event: Record<string, unknown>,
  ): Promise<{ summary: RunSummary; findings: Finding[] }> {
    const inbox = await createInbox(moto());
    const handler = ruleHandler(s3Buckets, {
      env: { ...moto().env, DRIFTWATCH_TOPIC_ARN: inbox.topicArn, DRIFTWATCH_NOTIFY: 'always' },
      clients: new ClientFactory(),
    });
    const summary = await handler(event, lambdaContext());
    return { summary, findings: (await inbox.receive()).flatMap((a) => a.body.findings) };
  }
  const find = (findings: Finding[], checkId: string, id: string) =>
    findings.find((f) => f.checkId === checkId && f.resource.id === id);

  beforeEach(async () => {
    // Prepare: a bucket in eu-west-1 with a TLS-only policy and Block Public Access, and a bare one in us-east-1
    await lockedDownAndOpenBuckets(moto());
  });

  it('fails the bare bucket and the account, passes the locked-down one, reading each bucket in its region', async () => {
    // Act
    const { summary, findings } = await invoke({});

    // Assess
    expect(summary.partial).toBe(false);
    expect(find(findings, 'account-public-access-block', ACCOUNT)).toMatchObject({
      status: 'FAIL',
      controls: { securityHub: ['S3.1'] },
      remediation: { action: 's3:PutAccountPublicAccessBlock', status: 'planned' },
    });
    expect(find(findings, 'deny-http', 'locked-down')).toMatchObject({
      status: 'PASS',
      details: { region: 'eu-west-1' },
    });
    expect(find(findings, 'bucket-public-access-block', 'locked-down')?.status).toBe('PASS');
    expect(find(findings, 'deny-http', 'wide-open')).toMatchObject({
      status: 'FAIL',
      details: { region: 'us-east-1' },
    });
    expect(find(findings, 'bucket-public-access-block', 'wide-open')?.status).toBe('FAIL');
    expect(find(findings, 'mfa-delete', 'wide-open')).toMatchObject({
      status: 'FAIL',
      details: { needsRoot: true },
    });
    expect(summary.apiCalls).toMatchObject({
      's3:ListAllMyBuckets': 1,
      's3:GetBucketLocation': 2,
      's3:GetBucketPolicy': 2,
      's3:GetBucketVersioning': 2,
      's3:GetBucketPublicAccessBlock': 2,
      's3:GetAccountPublicAccessBlock': 1,
    });
  }, 60_000);

  it('with remediate turns on account-level Block Public Access once, and the bare bucket then passes through it', async () => {
    // Act
    const dry = await invoke({ remediate: true, dryRun: true });
    const fix = await invoke({ remediate: true });
    const again = await invoke({});

    // Assess
    expect(dry.summary.apiCalls['s3:PutAccountPublicAccessBlock']).toBeUndefined();
    expect(fix.summary.apiCalls['s3:PutAccountPublicAccessBlock']).toBe(1);
    const control = s3Control(
      new S3ControlClient({ region: 'us-east-1', endpoint: moto().endpoint, credentials: MOTO_CREDENTIALS }),
    );
    const block = await control.send(new GetPublicAccessBlockCommand({ AccountId: ACCOUNT }));
    expect(block.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    expect(find(again.findings, 'account-public-access-block', ACCOUNT)?.status).toBe('PASS');
    expect(find(again.findings, 'bucket-public-access-block', 'wide-open')).toMatchObject({
      status: 'PASS',
      details: { blockedBy: 'account' },
    });
  }, 60_000);
});
