import { sessionName } from '../../../../lib/aws/assume-role';
import { parseScope } from '../../../../lib/org/scope';
import { validationError } from '../../../helpers/errors';

describe('parseScope', () => {
  it('accepts each source with exclusions, defaulting exclude to none', () => {
    expect(parseScope({ organization: true })).toEqual({ organization: true, exclude: [] });
    expect(parseScope({ organizationalUnits: ['ou-ab12-cdefgh34'], exclude: ['111122223333'] })).toEqual({
      organizationalUnits: ['ou-ab12-cdefgh34'],
      exclude: ['111122223333'],
    });
    expect(parseScope({ accounts: ['111122223333'] }).accounts).toEqual(['111122223333']);
  });

  it.each([
    [{}, 'scope', 'expected exactly one of organization, organizationalUnits or accounts, got none'],
    [{ organization: true, accounts: ['111122223333'] }, 'scope', 'got organization and accounts'],
    [
      { organizationalUnits: ['r-ab12'] },
      'scope.organizationalUnits.0',
      'expected an OU id such as ou-ab12-cdefgh34, got "r-ab12"',
    ],
    [{ accounts: [] }, 'scope.accounts', 'expected a non-empty list'],
    [{ accounts: [111122223333] }, 'scope.accounts.0', 'expected a 12-digit account id, got number'],
    [
      { organization: true, exclude: ['1111'] },
      'scope.exclude.0',
      'expected a 12-digit account id, got "1111"',
    ],
    [{ organization: true, regions: 'all' }, 'scope.regions', 'unknown field'],
  ])('rejects %j naming %s', (input, field, message) => {
    const error = validationError(() => parseScope(input));
    expect(error.fields).toEqual([field]);
    expect(error.message).toContain(message);
  });
});

describe('sessionName', () => {
  it('names the rule and stays within STS limits (64 characters)', () => {
    expect(sessionName('root-account-mfa')).toBe('driftwatch-root-account-mfa');
    expect(sessionName('x'.repeat(80))).toHaveLength(64);
  });
});
