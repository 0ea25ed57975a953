import { runRule } from '../../../../lib/engine';
import { ValidationError } from '../../../../lib/errors';
import type { Finding } from '../../../../lib/findings';
import type {
  ClassicSelector,
  Trail,
  TrailSelectors,
  TrailState,
} from '../../../../lib/inventory/cloudtrail';
import { StoredInventory, storedValues } from '../../../../lib/inventory/memory';
import { resolveRequest } from '../../../../lib/request';
import { cloudtrailEnabled } from '../../../../rules/cloudtrail-enabled';
import { accountFinding, requireFinding } from '../../../helpers/findings';

const ACCOUNT = '111122223333';
const MANAGEMENT_ACCOUNT = '999988887777';
const ALL: ClassicSelector = {
  readWriteType: 'All',
  includeManagementEvents: true,
  excludeManagementEventSources: [],
};

function trail(name: string, over: Partial<Trail> = {}): Trail {
  const homeRegion = over.homeRegion ?? 'us-east-1';
  const owner = over.ownerAccount ?? ACCOUNT;
  return {
    name,
    arn: `arn:aws:cloudtrail:${homeRegion}:${owner}:trail/${name}`,
    homeRegion,
    ownerAccount: owner,
    isMultiRegion: true,
    isOrganizationTrail: false,
    includeGlobalServiceEvents: true,
    logFileValidationEnabled: true,
    kmsKeyId: `arn:aws:kms:${homeRegion}:${owner}:key/k1`,
    s3BucketName: 'logs',
    ...over,
  };
}

function state(
  over: { isLogging?: boolean; latestDeliveryError?: string; selectors?: Partial<TrailSelectors> } = {},
): TrailState {
  return {
    status: {
      isLogging: over.isLogging ?? true,
      ...(over.latestDeliveryError ? { latestDeliveryError: over.latestDeliveryError } : {}),
    },
    selectors: { classic: [ALL], advanced: [], ...over.selectors },
  };
}

/** The trails each region lists: the home region's own entries carry their state, shadows do not. */
function byRegion(regions: readonly string[], trails: readonly { trail: Trail; state?: TrailState }[]) {
  const out: Record<string, Trail[]> = {};
  for (const region of regions) {
    out[region] = trails
      .filter(({ trail: t }) => t.homeRegion === region || t.isMultiRegion)
      .map(({ trail: t, state: s }) => (t.homeRegion === region && s ? { ...t, state: s } : t));
  }
  return out;
}

async function run(
  trails: readonly { trail: Trail; state?: TrailState }[],
  options: { regions?: string[]; scan?: string[]; params?: Record<string, unknown> } = {},
): Promise<Finding[]> {
  // Prepare: a hand-built inventory
  const regions = options.regions ?? ['eu-west-1', 'us-east-1'];
  const inventory = new StoredInventory(
    storedValues({
      'sts.callerIdentity': {
        global: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/me`, partition: 'aws' },
      },
      'ec2.enabledRegions': { global: regions },
      'cloudtrail.trails': byRegion(regions, trails),
    }),
  );
  const request = resolveRequest(
    cloudtrailEnabled,
    {},
    { regions: options.scan ?? 'all', params: options.params ?? {} },
  );
  // Act
  const result = await runRule(cloudtrailEnabled, request, { inventory });
  return [...result.findings];
}

describe('cloudtrail-enabled: region coverage', () => {
  it('reports PASS in every region and once for the account for a logging multi-region trail, reading its state in the home region only', async () => {
    const findings = await run([{ trail: trail('main'), state: state() }]);
    // Assess
    expect(requireFinding(findings, 'us-east-1', 'region-logged')).toMatchObject({
      status: 'PASS',
      severity: 'high',
    });
    const shadow = requireFinding(findings, 'eu-west-1', 'region-logged');
    expect(shadow.status).toBe('PASS');
    expect(shadow.message).toBe(
      'CloudTrail records read and write management events in eu-west-1 through multi-region trail main (homed in us-east-1).',
    );
    expect(accountFinding(findings, 'multi-region-trail')).toMatchObject({
      id: `cloudtrail-enabled|${ACCOUNT}|global|${ACCOUNT}|multi-region-trail`,
      status: 'PASS',
    });
    // Settings are evaluated where the trail is homed, not in the regions it shadows into.
    expect(findings.filter((f) => f.checkId === 'log-file-validation').map((f) => f.region)).toEqual([
      'us-east-1',
    ]);
  });

  it('reports a stopped multi-region trail in every region and once for the account, planning StartLogging only in its home region', async () => {
    const findings = await run([{ trail: trail('main'), state: state({ isLogging: false }) }]);
    const home = requireFinding(findings, 'us-east-1', 'region-logged');
    const away = requireFinding(findings, 'eu-west-1', 'region-logged');
    expect(home).toMatchObject({
      status: 'FAIL',
      remediation: { action: 'cloudtrail:StartLogging', status: 'planned', dryRun: true },
    });
    expect(home.remediation?.description).toBe('Start logging on trail main in us-east-1');
    expect(home.message).toBe(
      'No trail records read and write management events in us-east-1: multi-region trail main is not logging.',
    );
    expect(away.status).toBe('FAIL');
    expect(away.remediation).toBeUndefined();
    expect(away.message).toContain(
      'multi-region trail main (homed in us-east-1) is not logging; start it in its home region (aws cloudtrail start-logging --name main --region us-east-1)',
    );
    expect(accountFinding(findings, 'multi-region-trail')).toMatchObject({
      status: 'FAIL',
      message: `Account ${ACCOUNT} has no multi-region trail that records read and write management events: main is not logging.`,
    });
  });

  it('evaluates a shadow trail from its home region when only the shadowed region is scanned', async () => {
    const findings = await run([{ trail: trail('main'), state: state({ isLogging: false }) }], {
      scan: ['eu-west-1'],
    });
    expect(findings.map((f) => f.region)).not.toContain('us-east-1');
    expect(requireFinding(findings, 'eu-west-1', 'region-logged').message).toContain('is not logging');
  });

  it('reports FAIL naming the S3 error when the trail is logging but has a LatestDeliveryError', async () => {
    const findings = await run([
      { trail: trail('main'), state: state({ latestDeliveryError: 'AccessDenied' }) },
    ]);
    expect(requireFinding(findings, 'us-east-1', 'region-logged')).toMatchObject({ status: 'FAIL' });
    expect(requireFinding(findings, 'us-east-1', 'region-logged').message).toContain(
      'cannot deliver log files to S3 (AccessDenied)',
    );
    expect(requireFinding(findings, 'us-east-1', 'region-logged').remediation).toBeUndefined();
  });

  it('prefers PASS when another covering trail qualifies, keeping the broken one as evidence', async () => {
    const findings = await run([
      { trail: trail('broken'), state: state({ isLogging: false }) },
      { trail: trail('local', { homeRegion: 'eu-west-1', isMultiRegion: false }), state: state() },
    ]);
    const f = requireFinding(findings, 'eu-west-1', 'region-logged');
    expect(f.status).toBe('PASS');
    expect(f.message).toContain('single-region trail local');
    expect(f.details.trails).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'broken', problems: ['is not logging'] })]),
    );
  });

  it('reports FAIL with the commands to run when no trail covers the region and no bucket is configured', async () => {
    const findings = await run([{ trail: trail('local', { isMultiRegion: false }), state: state() }]);
    const f = requireFinding(findings, 'eu-west-1', 'region-logged');
    expect(f.status).toBe('FAIL');
    expect(f.message).toBe(
      `No CloudTrail trail logs eu-west-1 of account ${ACCOUNT}, so API activity there is not recorded; create a multi-region trail (aws cloudtrail create-trail --name driftwatch --s3-bucket-name <bucket> --is-multi-region-trail --enable-log-file-validation --region us-east-1, then aws cloudtrail start-logging --name driftwatch --region us-east-1) or set the rule parameter trailBucket so driftwatch creates it.`,
    );
    expect(requireFinding(findings, 'us-east-1', 'region-logged').status).toBe('PASS');
  });
});

describe('cloudtrail-enabled: management event selectors', () => {
  const verdict = async (selectors: Partial<TrailSelectors>) =>
    requireFinding(
      await run([{ trail: trail('main'), state: state({ selectors }) }]),
      'us-east-1',
      'region-logged',
    );
  const adv = (...fieldSelectors: TrailSelectors['advanced'][number]['fieldSelectors']) => ({
    classic: [],
    advanced: [{ fieldSelectors }],
  });
  const MGMT = { field: 'eventCategory', equals: ['Management'] };

  it('reports FAIL for classic ReadWriteType ReadOnly', async () => {
    const f = await verdict({ classic: [{ ...ALL, readWriteType: 'ReadOnly' }] });
    expect(f.status).toBe('FAIL');
    expect(f.message).toContain('records only read management events');
  });

  it('reports FAIL for classic selectors that exclude management events (data events only)', async () => {
    const f = await verdict({ classic: [{ ...ALL, includeManagementEvents: false }] });
    expect(f.message).toContain('records no management events');
  });

  it('reports FAIL for classic ExcludeManagementEventSources, as AWS Config does', async () => {
    const f = await verdict({ classic: [{ ...ALL, excludeManagementEventSources: ['kms.amazonaws.com'] }] });
    expect(f.status).toBe('FAIL');
    expect(f.message).toContain(
      'does not record all read and write management events (selects read and write; excludes kms.amazonaws.com)',
    );
  });

  it('reports PASS for a ReadOnly and a WriteOnly classic selector together', async () => {
    const f = await verdict({
      classic: [
        { ...ALL, readWriteType: 'ReadOnly' },
        { ...ALL, readWriteType: 'WriteOnly' },
      ],
    });
    expect(f.status).toBe('PASS');
  });

  it('reports PASS for an advanced Management selector with no readOnly field', async () => {
    expect((await verdict(adv(MGMT))).status).toBe('PASS');
  });

  it('reports FAIL for an advanced selector restricted to readOnly true', async () => {
    const f = await verdict(adv(MGMT, { field: 'readOnly', equals: ['true'] }));
    expect(f.message).toContain('records only read management events');
  });

  it('reports FAIL for advanced write-only selectors excluding KMS and RDS Data API events', async () => {
    const f = await verdict(
      adv(
        MGMT,
        { field: 'eventSource', notEquals: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] },
        { field: 'readOnly', equals: ['false'] },
      ),
    );
    expect(f.message).toContain(
      'does not record all read and write management events (selects write; excludes kms.amazonaws.com, rdsdata.amazonaws.com)',
    );
  });

  it('reports FAIL for advanced selectors limited to some event sources', async () => {
    const f = await verdict(adv(MGMT, { field: 'eventSource', equals: ['s3.amazonaws.com'] }));
    expect(f.message).toContain('limited to eventSource equals s3.amazonaws.com');
  });

  it('reports FAIL for advanced selectors of data events only', async () => {
    const f = await verdict(
      adv(
        { field: 'eventCategory', equals: ['Data'] },
        { field: 'resources.type', equals: ['AWS::S3::Object'] },
      ),
    );
    expect(f.message).toContain('records no management events');
  });
});

describe('cloudtrail-enabled: organization trails and the account check', () => {
  const orgTrail = (over: Partial<Trail> = {}) =>
    trail('org', { ownerAccount: MANAGEMENT_ACCOUNT, isOrganizationTrail: true, ...over });

  it('counts a logging organization trail of the management account for coverage', async () => {
    const findings = await run([{ trail: orgTrail(), state: state() }]);
    expect(requireFinding(findings, 'eu-west-1', 'region-logged')).toMatchObject({ status: 'PASS' });
    expect(requireFinding(findings, 'eu-west-1', 'region-logged').message).toContain(
      'organization multi-region trail org',
    );
    expect(accountFinding(findings, 'multi-region-trail').status).toBe('PASS');
  });

  it('does not plan StartLogging on a stopped organization trail another account owns', async () => {
    const findings = await run([{ trail: orgTrail(), state: state({ isLogging: false }) }]);
    expect(requireFinding(findings, 'us-east-1', 'region-logged')).toMatchObject({ status: 'FAIL' });
    expect(requireFinding(findings, 'us-east-1', 'region-logged').remediation).toBeUndefined();
  });

  it('reports ERROR, not FAIL, when an organization trail could not be read and nothing else qualifies', async () => {
    const findings = await run([
      { trail: orgTrail(), state: { error: { code: 'AccessDeniedException', message: 'no' } } },
    ]);
    const f = requireFinding(findings, 'eu-west-1', 'region-logged');
    expect(f.status).toBe('ERROR');
    expect(f.message).toContain(
      'organization multi-region trail org (homed in us-east-1) could not be read (AccessDeniedException)',
    );
  });

  it('fails the account once, as global, when no multi-region trail exists at all (CIS 3.1)', async () => {
    const findings = await run([{ trail: trail('local', { isMultiRegion: false }), state: state() }]);
    const f = accountFinding(findings, 'multi-region-trail');
    expect(f).toMatchObject({
      id: `cloudtrail-enabled|${ACCOUNT}|global|${ACCOUNT}|multi-region-trail`,
      status: 'FAIL',
      severity: 'high',
      resource: { type: 'AwsAccount', id: ACCOUNT },
    });
    expect(f.message).toContain(`Account ${ACCOUNT} has no multi-region CloudTrail trail`);
    expect(f.remediation).toBeUndefined();
  });

  it('plans CreateTrail only in the configured home region when a bucket is configured, keeping that plan on the one account finding', async () => {
    const findings = await run([], { params: { trailBucket: 'org-trail-logs' } });
    const account = accountFinding(findings, 'multi-region-trail');
    expect(account.remediation).toMatchObject({
      action: 'cloudtrail:CreateTrail',
      status: 'planned',
      description:
        'Create multi-region trail driftwatch in us-east-1 into bucket org-trail-logs and start logging',
    });
    expect(account.message).toContain('driftwatch can create trail driftwatch into bucket org-trail-logs');
  });

  it('plans no CreateTrail when the home region is not scanned, saying where it would be created', async () => {
    const findings = await run([], { params: { trailBucket: 'org-trail-logs' }, scan: ['eu-west-1'] });
    const account = accountFinding(findings, 'multi-region-trail');
    expect(account.remediation).toBeUndefined();
    expect(account.message).toContain(
      'driftwatch creates trail driftwatch when us-east-1 is scanned with remediation',
    );
  });

  it('rejects a malformed bucket parameter naming the field', () => {
    expect(() => resolveRequest(cloudtrailEnabled, {}, { params: { trailBucket: 'Bad_Bucket' } })).toThrow(
      ValidationError,
    );
    expect(() => resolveRequest(cloudtrailEnabled, {}, { params: { trailBucket: 'Bad_Bucket' } })).toThrow(
      /params\.trailBucket: expected an S3 bucket name, got "Bad_Bucket"/,
    );
    expect(() => resolveRequest(cloudtrailEnabled, {}, { params: { trailHomeRegion: 'mars-1' } })).toThrow(
      /params\.trailHomeRegion/,
    );
  });
});

describe('cloudtrail-enabled: log-file validation and KMS (lower severity, own check ids)', () => {
  it('reports FAIL (medium) for log-file validation off and no KMS key, on the trail resource', async () => {
    const t = trail('plain', { logFileValidationEnabled: false, kmsKeyId: undefined });
    delete (t as { kmsKeyId?: string }).kmsKeyId;
    const findings = await run([{ trail: t, state: state() }]);
    const lfv = requireFinding(findings, 'us-east-1', 'log-file-validation');
    const kms = requireFinding(findings, 'us-east-1', 'kms-encryption');
    expect(lfv).toMatchObject({
      status: 'FAIL',
      severity: 'medium',
      resource: { type: 'AwsCloudTrailTrail', id: t.arn },
      controls: { cisV3: ['3.2'], cisV5: ['3.2'], securityHub: ['CloudTrail.4'] },
    });
    expect(kms).toMatchObject({
      status: 'FAIL',
      severity: 'medium',
      controls: { cisV3: ['3.5'], cisV5: ['3.5'], securityHub: ['CloudTrail.2'] },
    });
    expect(lfv.id).toBe(`cloudtrail-enabled|${ACCOUNT}|us-east-1|${t.arn}|log-file-validation`);
    // The region itself is still logged: the sub-checks do not fail the main check.
    expect(requireFinding(findings, 'us-east-1', 'region-logged').status).toBe('PASS');
  });

  it('says an organization trail must be fixed by its owning account', async () => {
    const t = trail('org', {
      ownerAccount: MANAGEMENT_ACCOUNT,
      isOrganizationTrail: true,
      logFileValidationEnabled: false,
    });
    const findings = await run([{ trail: t, state: state() }]);
    expect(requireFinding(findings, 'us-east-1', 'log-file-validation').message).toContain(
      `(an organization trail of account ${MANAGEMENT_ACCOUNT}, which must change it)`,
    );
    expect(requireFinding(findings, 'us-east-1', 'kms-encryption').status).toBe('PASS');
  });
});
