import { runRule } from '../../../../lib/engine';
import type { Finding } from '../../../../lib/findings';
import { StoredInventory, storedValues } from '../../../../lib/inventory/memory';
import type { BucketSecurity, PublicAccessBlock } from '../../../../lib/inventory/s3';
import { s3Buckets } from '../../../../rules/s3-buckets';
import { runRequest } from '../../../helpers/runs';

const ACCOUNT = '111122223333';
const ALL_ON: PublicAccessBlock = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};
const TLS_ONLY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyHttp',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Resource: ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ],
};

function bucket(over: Partial<Extract<BucketSecurity, { versioning: string }>> = {}): BucketSecurity {
  return { name: 'data', region: 'eu-west-1', versioning: 'Enabled', mfaDelete: false, ...over };
}

async function scan(account: { publicAccessBlock?: PublicAccessBlock }, buckets: BucketSecurity[]) {
  // Prepare
  const inventory = new StoredInventory(
    storedValues({
      'sts.callerIdentity': {
        global: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/me`, partition: 'aws' },
      },
      's3control.accountPublicAccessBlock': { global: account },
      's3.bucketSecurity': { global: buckets },
    }),
  );
  // Act
  return (await runRule(s3Buckets, runRequest(), { inventory })).findings;
}

const check = (findings: readonly Finding[], checkId: string, id: string) => {
  const found = findings.filter((f) => f.checkId === checkId && f.resource.id === id);
  expect(found).toHaveLength(1);
  return found[0] as Finding;
};

describe('s3-buckets', () => {
  it('fails an account without Block Public Access (CIS 2.1.4 / S3.1) and plans turning it on', async () => {
    const findings = await scan({}, []);

    // Assess
    expect(check(findings, 'account-public-access-block', ACCOUNT)).toMatchObject({
      id: `s3-buckets|${ACCOUNT}|global|${ACCOUNT}|account-public-access-block`,
      status: 'FAIL',
      severity: 'high',
      controls: { cisV3: ['2.1.4'], cisV5: ['2.1.4'], securityHub: ['S3.1'] },
      details: { configured: false },
      remediation: { action: 's3:PutAccountPublicAccessBlock', status: 'planned', dryRun: true },
    });
  });

  it('fails an account with one switch off, naming it', async () => {
    const findings = await scan({ publicAccessBlock: { ...ALL_ON, restrictPublicBuckets: false } }, []);
    expect(check(findings, 'account-public-access-block', ACCOUNT).details).toMatchObject({
      switchesOff: ['RestrictPublicBuckets'],
    });
  });

  it('passes a bucket whose policy denies s3:* without TLS (CIS 2.1.1 / S3.5) and fails one without a policy', async () => {
    const findings = await scan({ publicAccessBlock: ALL_ON }, [
      bucket({ policy: TLS_ONLY }),
      bucket({ name: 'open' }),
    ]);

    // Assess
    expect(check(findings, 'deny-http', 'data')).toMatchObject({
      status: 'PASS',
      controls: { cisV5: ['2.1.1'], securityHub: ['S3.5'] },
      resource: { type: 'AwsS3Bucket', arn: 'arn:aws:s3:::data' },
    });
    expect(check(findings, 'deny-http', 'open')).toMatchObject({
      status: 'FAIL',
      message: 'Bucket open has no bucket policy, so it accepts plain HTTP requests.',
    });
  });

  it('does not count a TLS deny of only some actions, an Allow, or a boolean false in a list', async () => {
    const only = (statement: Record<string, unknown>) => ({
      Statement: [{ ...TLS_ONLY.Statement[0], ...statement }],
    });
    const findings = await scan({ publicAccessBlock: ALL_ON }, [
      bucket({
        name: 'get-only',
        policy: only({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::get-only/*' }),
      }),
      bucket({ name: 'allow', policy: only({ Effect: 'Allow', Resource: 'arn:aws:s3:::allow/*' }) }),
      bucket({
        name: 'bool',
        policy: only({
          Resource: 'arn:aws:s3:::bool/*',
          Condition: { bool: { 'AWS:SecureTransport': [false] } },
        }),
      }),
    ]);

    // Assess
    expect(check(findings, 'deny-http', 'get-only').status).toBe('FAIL');
    expect(check(findings, 'deny-http', 'allow').status).toBe('FAIL');
    expect(check(findings, 'deny-http', 'bool').status).toBe('PASS');
  });

  it('fails MFA Delete off (CIS 2.1.2 / S3.20), labelled as needing the root user', async () => {
    const findings = await scan({ publicAccessBlock: ALL_ON }, [
      bucket(),
      bucket({ name: 'mfa', mfaDelete: true }),
    ]);

    // Assess
    const off = check(findings, 'mfa-delete', 'data');
    expect(off).toMatchObject({ status: 'FAIL', severity: 'low', details: { needsRoot: true } });
    expect(off.message).toContain('only the root user');
    expect(check(findings, 'mfa-delete', 'mfa').status).toBe('PASS');
  });

  it('judges bucket Block Public Access (S3.8) by its own switches, or by the account when those are all on', async () => {
    const buckets = [bucket({ publicAccessBlock: ALL_ON }), bucket({ name: 'bare' })];

    // Act
    const accountOff = await scan({}, buckets);
    const accountOn = await scan({ publicAccessBlock: ALL_ON }, buckets);

    // Assess
    expect(check(accountOff, 'bucket-public-access-block', 'data')).toMatchObject({
      status: 'PASS',
      controls: { securityHub: ['S3.8'] },
      details: { blockedBy: 'bucket' },
    });
    expect(check(accountOff, 'bucket-public-access-block', 'bare')).toMatchObject({
      status: 'FAIL',
      details: { blockedBy: 'none' },
    });
    expect(check(accountOn, 'bucket-public-access-block', 'bare')).toMatchObject({
      status: 'PASS',
      details: { blockedBy: 'account' },
    });
  });

  it('reports a bucket whose settings could not be read as ERROR and still judges the others', async () => {
    const findings = await scan({ publicAccessBlock: ALL_ON }, [
      { name: 'locked', region: 'us-east-1', error: { code: 'AccessDenied', message: 'Access Denied' } },
      bucket(),
    ]);

    // Assess
    expect(check(findings, 'bucket-settings', 'locked')).toMatchObject({ status: 'ERROR' });
    expect(findings.filter((f) => f.resource.id === 'locked')).toHaveLength(1);
    expect(check(findings, 'mfa-delete', 'data').status).toBe('FAIL');
  });
});
