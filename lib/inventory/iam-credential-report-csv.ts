/**
 * The IAM credential report's CSV, as plain JSON. Every cell that is not a value (`N/A`: no such
 * credential, `no_information`: never used or used before IAM tracked it, `not_supported`: the root
 * user's password columns) becomes an absent field, so rules test presence rather than strings.
 */

/** The user name the report gives the account root user. */
export const ROOT_USER = '<root_account>';

/** One access-key slot (`access_key_1_*` / `access_key_2_*`) of a report row. */
export interface ReportAccessKey {
  readonly slot: 1 | 2;
  readonly active: boolean;
  /** When the key was created or last rotated (ISO); absent when the slot never held a key. */
  readonly lastRotated?: string;
  /** Absent when the key was never used (`N/A`). */
  readonly lastUsed?: string;
  readonly lastUsedService?: string;
}

/** One row of the credential report: a user, or the root user (`isRoot`). */
export interface CredentialReportUser {
  readonly user: string;
  readonly arn: string;
  readonly isRoot: boolean;
  readonly createdAt?: string;
  /** Absent for the root user, whose column says `not_supported` (its password is in the summary). */
  readonly passwordEnabled?: boolean;
  /** Absent when the password was never used, or there is none. */
  readonly passwordLastUsed?: string;
  readonly passwordLastChanged?: string;
  readonly mfaActive: boolean;
  readonly accessKeys: readonly [ReportAccessKey, ReportAccessKey];
  /** Active X.509 signing certificates (0-2). */
  readonly activeCertificates: number;
}

const NOT_A_VALUE = new Set(['N/A', 'no_information', 'not_supported', '']);

const REQUIRED_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_2_active',
  'access_key_2_last_rotated',
] as const;

/** An ISO date, or undefined for the report's "no value" markers; offsets are normalised to UTC. */
function date(cell: string | undefined): string | undefined {
  if (cell === undefined || NOT_A_VALUE.has(cell)) return undefined;
  const parsed = new Date(cell);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}

function text(cell: string | undefined): string | undefined {
  return cell === undefined || NOT_A_VALUE.has(cell) ? undefined : cell;
}

/** `true`/`false`, or undefined for `not_supported` and the other markers. */
function flag(cell: string | undefined): boolean | undefined {
  if (cell === 'true') return true;
  if (cell === 'false') return false;
  return undefined;
}

/**
 * Parses the report (IAM returns it as `text/csv`; user names and ARNs cannot contain commas or
 * quotes, so a plain split is exact). Throws a TypeError naming the missing column if the header is
 * not a credential report's.
 */
export function parseCredentialReport(csv: string): CredentialReportUser[] {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split(',');
  const missing = REQUIRED_COLUMNS.find((c) => !header.includes(c));
  if (missing) {
    throw new TypeError(
      `Expected a credential report with a "${missing}" column, got header "${header.join(',')}".`,
    );
  }
  return lines.map((line) => {
    const cells = line.split(',');
    const cell = (name: string): string | undefined => cells[header.indexOf(name)];
    const key = (slot: 1 | 2): ReportAccessKey => {
      const p = `access_key_${slot}_`;
      const lastRotated = date(cell(`${p}last_rotated`));
      const lastUsed = date(cell(`${p}last_used_date`));
      const lastUsedService = text(cell(`${p}last_used_service`));
      return {
        slot,
        active: flag(cell(`${p}active`)) === true,
        ...(lastRotated ? { lastRotated } : {}),
        ...(lastUsed ? { lastUsed } : {}),
        ...(lastUsedService ? { lastUsedService } : {}),
      };
    };
    const user = cell('user') ?? '';
    const createdAt = date(cell('user_creation_time'));
    const passwordEnabled = flag(cell('password_enabled'));
    const passwordLastUsed = date(cell('password_last_used'));
    const passwordLastChanged = date(cell('password_last_changed'));
    return {
      user,
      arn: cell('arn') ?? '',
      isRoot: user === ROOT_USER,
      ...(createdAt ? { createdAt } : {}),
      ...(passwordEnabled !== undefined ? { passwordEnabled } : {}),
      ...(passwordLastUsed ? { passwordLastUsed } : {}),
      ...(passwordLastChanged ? { passwordLastChanged } : {}),
      mfaActive: flag(cell('mfa_active')) === true,
      accessKeys: [key(1), key(2)],
      activeCertificates: [cell('cert_1_active'), cell('cert_2_active')].filter((c) => c === 'true').length,
    };
  });
}
