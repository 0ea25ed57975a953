import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { applySuppressions, parseSuppressions } from '../../../lib/suppressions';
import { rules } from '../../../rules';
import { finding } from '../../helpers/runs';

const NOW = new Date('2026-11-21T12:00:00Z');
const base = { rule: 'root-account-mfa', reason: 'Break-glass account, MFA in the safe', owner: 'secops' };
const load = (entries: unknown[], now = NOW) =>
  parseSuppressions({ version: 1, suppressions: entries }, 'test.json', now, [
    'root-account-mfa',
    'ebs-snapshot-lifecycle',
  ]);
const volume = finding({
  id: 'ebs-snapshot-lifecycle|111122223333|eu-west-1|vol-0abc',
  ruleId: 'ebs-snapshot-lifecycle',
  region: 'eu-west-1',
  checkId: undefined,
  resource: {
    type: 'AwsEc2Volume',
    id: 'vol-0abc',
    arn: 'arn:aws:ec2:eu-west-1:111122223333:volume/vol-0abc',
    tags: { env: 'sandbox', team: 'data' },
  },
});

describe('suppressions: matching', () => {
  it.each([
    ['rule only', { rule: 'ebs-snapshot-lifecycle' }, true],
    ['any rule', { rule: '*', resource: 'vol-0abc' }, true],
    ['another rule', { rule: 'root-account-mfa' }, false],
    ['account', { rule: '*', account: '111122223333' }, true],
    ['another account', { rule: '*', account: '999988887777' }, false],
    ['region', { rule: '*', region: 'eu-west-1' }, true],
    ['another region', { rule: '*', region: 'us-east-1' }, false],
    ['exact resource id', { rule: '*', resource: 'vol-0abc' }, true],
    [
      'exact resource ARN',
      { rule: '*', resource: 'arn:aws:ec2:eu-west-1:111122223333:volume/vol-0abc' },
      true,
    ],
    ['a prefix is not an exact match', { rule: '*', resource: 'vol-0' }, false],
    ['pattern matching the whole id', { rule: '*', resourcePattern: 'vol-0a.*' }, true],
    ['pattern matching only part of the id', { rule: '*', resourcePattern: '0ab' }, false],
    [
      'pattern alternatives, one matching the whole id',
      { rule: '*', resourcePattern: 'snap-.*|vol-0abc' },
      true,
    ],
    [
      'pattern matching the whole ARN',
      { rule: '*', resourcePattern: 'arn:aws:ec2:[a-z0-9-]+:\\d{12}:volume/.*' },
      true,
    ],
    ['tag value', { rule: '*', tags: { env: 'sandbox' } }, true],
    ['tag with any value', { rule: '*', tags: { team: '*' } }, true],
    ['tag with another value', { rule: '*', tags: { env: 'prod' } }, false],
    ['missing tag', { rule: '*', tags: { owner: '*' } }, false],
    ['every selector must match', { rule: '*', region: 'eu-west-1', tags: { env: 'prod' } }, false],
  ])('%s: suppressed %s', (_name, selectors, suppressed) => {
    // Prepare
    const list = load([{ ...base, expires: '2027-01-31', ...selectors }]);

    // Act
    const [result] = applySuppressions([volume], list, NOW);

    // Assess
    expect(result?.status).toBe(suppressed ? 'SUPPRESSED' : 'FAIL');
    if (suppressed)
      expect(result?.suppression).toEqual({
        entry: 'suppressions[0]',
        reason: base.reason,
        owner: 'secops',
        expires: '2027-01-31',
        expired: false,
      });
  });

  it('leaves PASS and ERROR findings alone: only a FAIL is suppressed', () => {
    const list = load([{ ...base, rule: '*', expires: '2027-01-31' }]);
    const out = applySuppressions([finding({ status: 'PASS' }), finding({ status: 'ERROR' })], list, NOW);
    expect(out.map((f) => [f.status, f.suppression])).toEqual([
      ['PASS', undefined],
      ['ERROR', undefined],
    ]);
  });
});

describe('suppressions: expiry', () => {
  const list = load([{ ...base, expires: '2026-11-21' }]);

  it('still suppresses on the day of expiry, until its last second (UTC)', () => {
    const [result] = applySuppressions([finding()], list, new Date('2026-11-21T23:59:59.999Z'));
    expect(result?.status).toBe('SUPPRESSED');
  });

  it('reports the finding again the day after expiry, carrying the expired suppression', () => {
    const [result] = applySuppressions([finding()], list, new Date('2026-11-22T00:00:00Z'));
    expect(result?.status).toBe('FAIL');
    expect(result?.suppression).toMatchObject({ expires: '2026-11-21', expired: true, owner: 'secops' });
  });

  it('accepts an expiry exactly one year ahead and rejects the day after that', () => {
    expect(load([{ ...base, expires: '2027-11-21' }])).toHaveLength(1);
    expect(() => load([{ ...base, expires: '2027-11-22' }])).toThrow(
      'suppressions[0] (rule root-account-mfa).expires: expected at most one year ahead (2027-11-21 or earlier), got 2027-11-22',
    );
  });
});

describe('suppressions: patterns are matched in linear time (RE2), so none can stall a scan', () => {
  it('matches a pattern with nested quantifiers against a long non-matching ARN, and still matches a name it covers', () => {
    // Prepare: ([a-z0-9:-]+)+x backtracks exponentially in a JavaScript RegExp on a name without the x
    const evil = load([{ ...base, rule: '*', expires: '2027-01-31', resourcePattern: '([a-z0-9:-]+)+x' }]);
    const long = finding({
      resource: {
        type: 'AwsIamRole',
        id: 'a'.repeat(40),
        arn: `arn:aws:iam::111122223333:${'a'.repeat(5000)}`,
      },
    });
    const covered = finding({ id: 'other', resource: { type: 'AwsIamRole', id: 'role:ops-x' } });

    // Act
    const [kept, suppressed] = applySuppressions([long, covered], evil, NOW);

    // Assess
    expect(kept?.status).toBe('FAIL');
    expect(suppressed?.status).toBe('SUPPRESSED');
  });
});

describe('suppressions: bad files are rejected at load, naming the entry and field', () => {
  it.each([
    [
      'a missing reason',
      { rule: 'root-account-mfa', owner: 'secops', expires: '2027-01-01' },
      'reason: required',
    ],
    ['a missing owner', { rule: 'root-account-mfa', reason: 'x', expires: '2027-01-01' }, 'owner: required'],
    ['a missing expiry', { ...base }, 'expires: required'],
    ['a blank reason', { ...base, reason: '  ', expires: '2027-01-01' }, 'reason: expected a sentence'],
    [
      'an expiry that is not a date',
      { ...base, expires: 'next year' },
      'expires: expected a date YYYY-MM-DD, got "next year"',
    ],
    ['an impossible date', { ...base, expires: '2027-02-30' }, 'expires: not a calendar date: "2027-02-30"'],
    [
      'an invalid pattern',
      { ...base, expires: '2027-01-01', resourcePattern: 'vol-(' },
      'resourcePattern: missing closing ): `vol-(`; expected a regular expression in RE2 syntax (https://github.com/google/re2/wiki/Syntax',
    ],
    [
      'a lookahead, which RE2 does not support',
      { ...base, expires: '2027-01-01', resourcePattern: '(?!vol-)' },
      'resourcePattern: invalid or unsupported Perl syntax: `(?!`; expected a regular expression in RE2 syntax',
    ],
    [
      'a backreference',
      { ...base, expires: '2027-01-01', resourcePattern: '(vol)-\\1' },
      'resourcePattern: invalid escape sequence: `\\1`; expected',
    ],
    [
      'a pattern over 1000 characters',
      { ...base, expires: '2027-01-01', resourcePattern: 'a'.repeat(1001) },
      'resourcePattern: too long (1001 characters); expected a regular expression in RE2 syntax',
    ],
    [
      'a pattern that is not a string',
      { ...base, expires: '2027-01-01', resourcePattern: 42 },
      'resourcePattern: expected a regular expression in RE2 syntax',
    ],
    [
      'exact and pattern together',
      { ...base, expires: '2027-01-01', resource: 'a', resourcePattern: 'a' },
      'resourcePattern: give resource (exact) or resourcePattern, not both',
    ],
    ['an unknown field', { ...base, expires: '2027-01-01', expiry: '2027-01-01' }, 'expiry: unknown field'],
    [
      'an unknown rule',
      { ...base, rule: 'root-acount-mfa', expires: '2027-01-01' },
      'suppressions[0] (rule root-acount-mfa).rule: unknown rule "root-acount-mfa"',
    ],
    [
      'a bad account id',
      { ...base, account: '1234', expires: '2027-01-01' },
      'account: expected a 12-digit account id',
    ],
  ])('rejects %s', (_name, entry, message) => {
    expect(() => load([entry])).toThrow(message);
    try {
      load([entry]);
    } catch (error) {
      expect(error).toMatchObject({ name: 'ValidationError' });
      expect((error as Error).message).toMatch(/^Invalid suppressions file test\.json: suppressions\[0\]/);
    }
  });

  it('names the second entry when only it is bad', () => {
    expect(() =>
      load([
        { ...base, expires: '2027-01-01' },
        { ...base, rule: 'ebs-snapshot-lifecycle' },
      ]),
    ).toThrow('suppressions[1] (rule ebs-snapshot-lifecycle).expires: required');
  });

  it.each([
    ['not an object', [], '(file)'],
    ['a wrong version', { version: 2, suppressions: [] }, 'version: expected 1'],
    ['no list', { version: 1 }, 'suppressions: expected a list of suppressions'],
  ])('rejects a file that is %s', (_name, document, message) => {
    expect(() => parseSuppressions(document, 'test.json', NOW)).toThrow(message);
  });

  it('accepts the suppressions.json shipped with driftwatch (bundled into every function)', () => {
    const document = JSON.parse(
      readFileSync(resolve(__dirname, '..', '..', '..', 'suppressions.json'), 'utf8'),
    ) as unknown;
    const ids = rules.map((r) => r.meta.id);
    expect(Array.isArray(parseSuppressions(document, 'suppressions.json', new Date(), ids))).toBe(true);
  });
});
