import type { CredentialReportUser, ReportAccessKey } from '../../lib/inventory/iam-credential-report';
import type { FindingDraft } from '../../lib/rule';
import type { CredentialCheck } from './checks';
import { CHECKS, daysSince } from './checks';

/** The ages (days) the checks compare against: CIS says 45 unused and 90 since rotation. */
export interface CredentialLimits {
  readonly unusedDays: number;
  readonly rotationDays: number;
}

type Verdict = {
  readonly status: 'PASS' | 'FAIL';
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
};

/** One check over every user it applies to (`verdict` returns undefined where it does not apply). */
function perUser(
  check: CredentialCheck,
  severity: NonNullable<FindingDraft['severity']>,
  users: readonly CredentialReportUser[],
  account: string,
  verdict: (u: CredentialReportUser) => Verdict | undefined,
): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const u of users) {
    const v = verdict(u);
    if (!v) continue;
    drafts.push({
      resource: { type: 'AwsIamUser', id: u.user, arn: u.arn },
      checkId: check.id,
      controls: check.controls,
      severity,
      status: v.status,
      message: v.message,
      ...(v.details ? { details: v.details } : {}),
    });
  }
  if (drafts.length > 0) return drafts;
  return [
    {
      resource: { type: 'AwsAccount', id: account, arn: `arn:aws:iam::${account}:root` },
      checkId: check.id,
      controls: check.controls,
      status: 'NOT_APPLICABLE',
      message: `No IAM user in account ${account} has the credentials "${check.title.toLowerCase()}" is about.`,
    },
  ];
}

const active = (u: CredentialReportUser): ReportAccessKey[] => u.accessKeys.filter((k) => k.active);
const slots = (keys: readonly ReportAccessKey[]) => keys.map((k) => `key ${k.slot}`).join(' and ');

/** CIS 1.9, 1.10, 1.11, 1.12 and 1.13 for every IAM user in the report (root excluded). */
export function userDrafts(
  users: readonly CredentialReportUser[],
  account: string,
  now: Date,
  limits: CredentialLimits,
): FindingDraft[] {
  const age = (iso: string | undefined) => (iso === undefined ? undefined : daysSince(iso, now));
  return [
    ...perUser(CHECKS.consoleMfa, 'high', users, account, (u) => {
      if (u.passwordEnabled !== true) return undefined;
      return u.mfaActive
        ? { status: 'PASS', message: `IAM user ${u.user} signs in to the console with MFA.` }
        : {
            status: 'FAIL',
            message: `IAM user ${u.user} has a console password and no MFA device, so the password alone opens the console.`,
          };
    }),
    ...perUser(CHECKS.keysAtSetup, 'low', users, account, (u) => {
      if (u.passwordEnabled !== true) return undefined;
      const neverUsed = active(u).filter((k) => k.lastUsed === undefined);
      const atCreation = neverUsed.filter(
        (k) =>
          k.lastRotated &&
          u.createdAt &&
          Math.abs(Date.parse(k.lastRotated) - Date.parse(u.createdAt)) < 600_000,
      );
      const details = {
        neverUsedKeySlots: neverUsed.map((k) => k.slot),
        createdWithUser: atCreation.map((k) => k.slot),
        heuristic: CHECKS.keysAtSetup.heuristic,
      };
      return neverUsed.length > 0
        ? {
            status: 'FAIL',
            message: `IAM user ${u.user} has a console password and an active access key (${slots(neverUsed)}) that was never used, as a key made at setup by default would be.`,
            details,
          }
        : {
            status: 'PASS',
            message: `IAM user ${u.user} has no unused access key beside its console password.`,
            details,
          };
    }),
    ...perUser(CHECKS.unusedCredentials, 'medium', users, account, (u) => {
      const password =
        u.passwordEnabled === true ? (u.passwordLastUsed ?? u.passwordLastChanged ?? u.createdAt) : undefined;
      const stale: string[] = [];
      const passwordAge = age(password);
      if (passwordAge !== undefined && passwordAge >= limits.unusedDays)
        stale.push(
          u.passwordLastUsed
            ? `its password (last used ${passwordAge} days ago)`
            : `its password (never used, set ${passwordAge} days ago)`,
        );
      for (const k of active(u)) {
        const keyAge = age(k.lastUsed ?? k.lastRotated);
        if (keyAge !== undefined && keyAge >= limits.unusedDays)
          stale.push(
            k.lastUsed
              ? `key ${k.slot} (last used ${keyAge} days ago)`
              : `key ${k.slot} (never used, created ${keyAge} days ago)`,
          );
      }
      if (u.passwordEnabled !== true && active(u).length === 0) return undefined;
      return stale.length > 0
        ? {
            status: 'FAIL',
            message: `IAM user ${u.user} has credentials unused for ${limits.unusedDays} days or more: ${stale.join(', ')}; disable or remove them.`,
            details: { unused: stale, unusedDays: limits.unusedDays },
          }
        : {
            status: 'PASS',
            message: `IAM user ${u.user} has used each of its credentials within ${limits.unusedDays} days.`,
          };
    }),
    ...perUser(CHECKS.oneActiveKey, 'low', users, account, (u) => {
      const keys = active(u);
      if (keys.length === 0) return undefined;
      return keys.length > 1
        ? {
            status: 'FAIL',
            message: `IAM user ${u.user} has two active access keys; keep one and deactivate the other.`,
            details: { activeKeySlots: [1, 2] },
          }
        : { status: 'PASS', message: `IAM user ${u.user} has one active access key.` };
    }),
    ...perUser(CHECKS.keyRotation, 'medium', users, account, (u) => {
      const keys = active(u);
      if (keys.length === 0) return undefined;
      const old = keys
        .map((k) => ({ slot: k.slot, ageDays: age(k.lastRotated ?? u.createdAt) }))
        .filter(
          (k): k is { slot: 1 | 2; ageDays: number } =>
            k.ageDays !== undefined && k.ageDays > limits.rotationDays,
        );
      return old.length > 0
        ? {
            status: 'FAIL',
            message: `IAM user ${u.user} has an active access key not rotated in ${limits.rotationDays} days (${old.map((k) => `key ${k.slot}: ${k.ageDays} days`).join(', ')}).`,
            details: { oldKeys: old, rotationDays: limits.rotationDays },
          }
        : {
            status: 'PASS',
            message: `IAM user ${u.user} rotated its active access keys within ${limits.rotationDays} days.`,
          };
    }),
  ];
}
