import { MONITORED_EVENTS } from '../../../../rules/cloudwatch-alarms/benchmark';
import { matchesBenchmark, patternSignature } from '../../../../rules/cloudwatch-alarms/filter-pattern';
import { match } from '../../../helpers/matchers';

const patternsOf = (id: string) => MONITORED_EVENTS.find((e) => e.controls.cisV5?.[0] === id)?.patterns ?? [];

describe('metric filter patterns against the benchmark (rules/cloudwatch-alarms/filter-pattern.ts)', () => {
  it('lists 4.1 to 4.15 once each, every pattern a JSON pattern it can read', () => {
    // Act
    const ids = MONITORED_EVENTS.map((e) => e.controls.cisV5?.[0]);
    // Assess
    expect(ids).toEqual(Array.from({ length: 15 }, (_, i) => `4.${i + 1}`));
    for (const e of MONITORED_EVENTS)
      for (const p of e.patterns)
        expect({ p, signature: patternSignature(p) }).toEqual({ p, signature: match.any(Object) });
  });

  it('matches the benchmark pattern whatever its spacing, quoting, order and redundant parentheses', () => {
    // Prepare: 4.5 as Security Hub and Terraform modules write it: quoted, packed, reordered
    const written =
      '{($.eventName="StopLogging")||($.eventName="CreateTrail")||(($.eventName=UpdateTrail))||($.eventName=DeleteTrail)||($.eventName = StartLogging)}';
    // Act + Assess
    expect(matchesBenchmark(written, patternsOf('4.5'))).toBe(true);
  });

  it('reads conditions without parentheses and with NOT EXISTS (4.3, root usage)', () => {
    // Act
    const signature = patternSignature(
      '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
    );
    // Assess: Security Hub's spelling of the same filter
    expect(signature).toEqual({
      conditions: [
        '$.eventType != AwsServiceEvent',
        '$.userIdentity.invokedBy NOT EXISTS',
        '$.userIdentity.type = Root',
      ],
      and: 2,
      or: 0,
    });
    expect(
      matchesBenchmark(
        '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
        patternsOf('4.3'),
      ),
    ).toBe(true);
  });

  it('accepts either of the two patterns 4.2 gives (the SSO variant adds conditions)', () => {
    const sso =
      '{ ($.eventName = ConsoleLogin) && ($.additionalEventData.MFAUsed != Yes) && ($.userIdentity.type = IAMUser) && ($.responseElements.ConsoleLogin = Success) }';
    expect(matchesBenchmark(sso, patternsOf('4.2'))).toBe(true);
    expect(
      matchesBenchmark(
        '{ ($.eventName = ConsoleLogin) && ($.additionalEventData.MFAUsed != Yes) }',
        patternsOf('4.2'),
      ),
    ).toBe(true);
  });

  it('refuses a filter missing a condition, with an extra one, or with a value of another case', () => {
    const p = patternsOf('4.6');
    expect(matchesBenchmark('{ ($.eventName = ConsoleLogin) }', p)).toBe(false);
    expect(
      matchesBenchmark(
        '{ ($.eventName = ConsoleLogin) && ($.errorMessage = Failed authentication) && ($.awsRegion = us-east-1) }',
        p,
      ),
    ).toBe(false);
    expect(
      matchesBenchmark('{ ($.eventName = consolelogin) && ($.errorMessage = Failed authentication) }', p),
    ).toBe(false);
  });

  it('refuses the same conditions joined by other connectives (every || made &&)', () => {
    // Prepare: 4.11's conditions, joined so that no single event can match
    const conditions = patternSignature(patternsOf('4.11')[0] as string)?.conditions ?? [];
    const anded = `{ ${conditions.map((c) => `(${c})`).join(' && ')} }`;
    // Act + Assess
    expect(patternSignature(anded)?.conditions).toEqual(conditions);
    expect(matchesBenchmark(anded, patternsOf('4.11'))).toBe(false);
  });

  it('does not compare grouping (a limit): the same conditions and connectives grouped otherwise still match', () => {
    // Prepare: 4.1 as the benchmark writes it (A || B && C && D) and with explicit (A || B) && C && D
    const grouped =
      '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != delivery.logs.amazonaws.com) && ($.eventName != HeadBucket) }';
    // Act + Assess
    expect(matchesBenchmark(grouped, patternsOf('4.1'))).toBe(true);
  });

  it('refuses term and space-delimited patterns and unbalanced quotes rather than guessing', () => {
    expect(patternSignature('ConsoleLogin Failed')).toBeUndefined();
    expect(patternSignature('[ip, user, ...]')).toBeUndefined();
    expect(patternSignature('{ $.eventName = "ConsoleLogin }')).toBeUndefined();
    expect(patternSignature('{ }')).toBeUndefined();
    expect(matchesBenchmark('', patternsOf('4.6'))).toBe(false);
  });

  it('keeps && and || inside a quoted value as part of the value', () => {
    expect(patternSignature('{ $.message = "a && b || c" }')).toEqual({
      conditions: ['$.message = a && b || c'],
      and: 0,
      or: 0,
    });
  });
});
