import { runRule } from '../../../../lib/engine';
import type { Finding } from '../../../../lib/findings';
import type { CredentialReportUser, ReportAccessKey } from '../../../../lib/inventory/iam-credential-report';
import { StoredInventory, storedValues } from '../../../../lib/inventory/memory';
import { iamCredentials } from '../../../../rules/iam-credentials';
import { runRequest } from '../../../helpers/runs';

const ACCOUNT = '111122223333';
const NOW = new Date('2026-06-01T12:00:00.000Z');
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const off = (slot: 1 | 2): ReportAccessKey => ({ slot, active: false });
const key = (slot: 1 | 2, over: Partial<ReportAccessKey>): ReportAccessKey => ({
  slot,
  active: true,
  ...over,
});

function user(name: string, over: Partial<CredentialReportUser> = {}): CredentialReportUser {
  return {
    user: name,
    arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
    isRoot: false,
    createdAt: ago(400),
    passwordEnabled: false,
    mfaActive: false,
    accessKeys: [off(1), off(2)],
    activeCertificates: 0,
    ...over,
  };
}
const ROOT = user('<root_account>', { arn: `arn:aws:iam::${ACCOUNT}:root`, isRoot: true });

/** Every finding of one run over a hand-built credential report. */
async function evaluate(
  users: CredentialReportUser[],
  params: Record<string, number> = {},
  rootOver: Partial<CredentialReportUser> = {},
): Promise<readonly Finding[]> {
  // Prepare: a hand-built inventory (root's password_enabled is `not_supported`: absent)
  const root: CredentialReportUser = { ...ROOT, ...rootOver };
  delete (root as { passwordEnabled?: boolean }).passwordEnabled;
  const inventory = new StoredInventory(
    storedValues({
      'sts.callerIdentity': {
        global: { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/me`, partition: 'aws' },
      },
      'iam.credentialReport': { global: { generatedTime: ago(0.1), users: [root, ...users] } },
    }),
  );
  // Act
  const run = await runRule(iamCredentials, runRequest({ params: iamCredentials.params.parse(params) }), {
    inventory,
    now: () => NOW,
  });
  return run.findings;
}

/** `{ resource id: status }` of one check (the engine orders findings by severity, not by user). */
const statuses = (findings: readonly Finding[], checkId: string) =>
  Object.fromEntries(of(findings, checkId).map((f) => [f.resource.id, f.status]));

const of = (findings: readonly Finding[], checkId: string, id?: string) =>
  findings.filter((f) => f.checkId === checkId && (id === undefined || f.resource.id === id));

describe('iam-credentials', () => {
  it('fails root-access-keys (critical, CIS 1.3 / IAM.4) when root has an active key', async () => {
    const findings = await evaluate([]);
    expect(of(findings, 'root-access-keys')[0]).toMatchObject({ status: 'PASS' });

    const [f] = of(
      await evaluateWithRoot({ accessKeys: [key(1, { lastRotated: ago(900) }), off(2)] }),
      'root-access-keys',
    );
    expect(f).toMatchObject({
      status: 'FAIL',
      severity: 'critical',
      controls: { cisV3: ['1.4'], cisV5: ['1.3'], securityHub: ['IAM.4'] },
      details: { activeKeySlots: [1] },
      message: `The root user of account ${ACCOUNT} has 1 active access key, which gives unlimited API access without MFA.`,
    });
  });

  it('fails root-recent-use within the window and labels it a heuristic; passes just outside it', async () => {
    const recent = of(await evaluateWithRoot({ passwordLastUsed: ago(3) }), 'root-recent-use')[0];
    expect(recent).toMatchObject({ status: 'FAIL', controls: { cisV5: ['1.6'], cisV3: ['1.7'] } });
    expect(recent?.details).toHaveProperty('heuristic');
    expect(recent?.details).toMatchObject({ windowDays: 30, reportGeneratedAt: ago(0.1) });
    // A key used at the window's edge is outside it; never used at all passes with no last use.
    const edge = of(
      await evaluateWithRoot({ accessKeys: [key(1, { lastUsed: ago(30) }), off(2)] }),
      'root-recent-use',
    );
    expect(edge[0]?.status).toBe('PASS');
    expect(of(await evaluate([]), 'root-recent-use')[0]?.message).toBe(
      `The root user of account ${ACCOUNT} has no recorded use.`,
    );
  });

  it('fails console-mfa (CIS 1.9 / IAM.5) for a console user without MFA, passes one with it, ignores key-only users', async () => {
    const findings = await evaluate([
      user('bob', { passwordEnabled: true, passwordLastUsed: ago(1) }),
      user('alice', { passwordEnabled: true, passwordLastUsed: ago(1), mfaActive: true }),
      user('ci', { accessKeys: [key(1, { lastRotated: ago(5), lastUsed: ago(1) }), off(2)] }),
    ]);
    expect(statuses(findings, 'console-mfa')).toEqual({ bob: 'FAIL', alice: 'PASS' });
    expect(of(findings, 'console-mfa', 'bob')[0]).toMatchObject({
      id: `iam-credentials|${ACCOUNT}|global|bob|console-mfa`,
      severity: 'high',
      resource: { type: 'AwsIamUser', arn: `arn:aws:iam::${ACCOUNT}:user/bob` },
      controls: { cisV3: ['1.10'], cisV5: ['1.9'], securityHub: ['IAM.5'] },
    });
  });

  it('reports NOT_APPLICABLE once for the account when no user has the credential a check is about', async () => {
    const findings = await evaluate([user('nobody')]);
    for (const check of [
      'console-mfa',
      'keys-at-setup',
      'unused-credentials',
      'one-active-key',
      'key-rotation',
    ]) {
      expect(of(findings, check).map((f) => [f.resource.type, f.status])).toEqual([
        ['AwsAccount', 'NOT_APPLICABLE'],
      ]);
    }
  });

  it('fails keys-at-setup for a never-used key beside a password and says whether it was made with the user (heuristic)', async () => {
    const findings = await evaluate([
      user('carol', {
        createdAt: ago(30),
        passwordEnabled: true,
        passwordLastUsed: ago(1),
        accessKeys: [key(1, { lastRotated: ago(30) }), off(2)],
      }),
      user('dave', {
        passwordEnabled: true,
        passwordLastUsed: ago(1),
        accessKeys: [key(1, { lastRotated: ago(30), lastUsed: ago(2) }), off(2)],
      }),
    ]);
    expect(of(findings, 'keys-at-setup', 'carol')[0]).toMatchObject({
      status: 'FAIL',
      details: { neverUsedKeySlots: [1], createdWithUser: [1] },
    });
    expect(of(findings, 'keys-at-setup', 'carol')[0]?.details).toHaveProperty('heuristic');
    // The heuristic's limit: a key that has been used once passes, however it was created.
    expect(of(findings, 'keys-at-setup', 'dave')[0]?.status).toBe('PASS');
  });

  it('fails unused-credentials (CIS 1.11 / IAM.22) at 45 days for a password or key, counting never-used ones from creation', async () => {
    const findings = await evaluate([
      user('old-password', { passwordEnabled: true, passwordLastUsed: ago(45) }),
      user('fresh', { passwordEnabled: true, passwordLastUsed: ago(44) }),
      user('never', { createdAt: ago(50), passwordEnabled: true, passwordLastChanged: ago(50) }),
      user('idle-key', { accessKeys: [key(1, { lastRotated: ago(100), lastUsed: ago(60) }), off(2)] }),
    ]);
    expect(statuses(findings, 'unused-credentials')).toEqual({
      'old-password': 'FAIL',
      fresh: 'PASS',
      never: 'FAIL',
      'idle-key': 'FAIL',
    });
    expect(of(findings, 'unused-credentials', 'never')[0]?.message).toContain(
      'its password (never used, set 50 days ago)',
    );
    expect(of(findings, 'unused-credentials', 'idle-key')[0]?.message).toContain(
      'key 1 (last used 60 days ago)',
    );
  });

  it('fails one-active-key (CIS 1.12) for two active keys and key-rotation (CIS 1.13 / IAM.3) past 90 days', async () => {
    const findings = await evaluate([
      user('ci', {
        accessKeys: [
          key(1, { lastRotated: ago(200), lastUsed: ago(0) }),
          key(2, { lastRotated: ago(10), lastUsed: ago(1) }),
        ],
      }),
      user('ok', { accessKeys: [key(1, { lastRotated: ago(90), lastUsed: ago(0) }), off(2)] }),
    ]);
    expect(statuses(findings, 'one-active-key')).toEqual({ ci: 'FAIL', ok: 'PASS' });
    expect(of(findings, 'key-rotation', 'ci')[0]).toMatchObject({
      status: 'FAIL',
      details: { oldKeys: [{ slot: 1, ageDays: 200 }], rotationDays: 90 },
      controls: { cisV3: ['1.14'], cisV5: ['1.13'], securityHub: ['IAM.3'] },
    });
    expect(of(findings, 'key-rotation', 'ok')[0]?.status).toBe('PASS');
  });

  it('takes its limits from params, and rejects a bad one naming the field', async () => {
    const findings = await evaluate([user('p', { passwordEnabled: true, passwordLastUsed: ago(20) })], {
      unusedDays: 15,
    });
    expect(of(findings, 'unused-credentials')[0]?.status).toBe('FAIL');
    expect(() => iamCredentials.params.parse({ rotationDays: 0 })).toThrow(
      'expected 1 to 365 days for rotationDays, got 0',
    );
  });

  it('gives every finding a check id and the controls its declared check lists', async () => {
    const findings = await evaluate([user('bob', { passwordEnabled: true })]);
    const declared = new Map(iamCredentials.meta.checks?.map((c) => [c.id, c.controls]));
    for (const f of findings) expect(f.controls).toEqual(declared.get(f.checkId ?? ''));
  });
});

function evaluateWithRoot(rootOver: Partial<CredentialReportUser>): Promise<readonly Finding[]> {
  return evaluate([], {}, rootOver);
}
