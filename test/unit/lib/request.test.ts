import { z } from 'zod';
import { ConfigError, ValidationError } from '../../../lib/errors';
import { defaultsFromEnv, parsePayload, resolveRequest } from '../../../lib/request';
import { defineRule } from '../../../lib/rule';

const rule = defineRule({
  meta: {
    id: 'test-rule',
    title: 'A test rule holds',
    description: 'd',
    risk: 'r',
    severity: 'low',
    resourceType: 'AwsAccount',
    scope: 'global',
    controls: {},
    deployment: { schedule: 'rate(1 day)' },
    remediation: { text: 't', url: 'https://example.invalid' },
  },
  reads: [],
  params: z.strictObject({ lookaheadDays: z.number().int().min(1).default(14) }),
  evaluate: async () => [],
});

function validationError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parsePayload', () => {
  it('treats an EventBridge scheduled event as "use the defaults"', () => {
    expect(parsePayload({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} })).toEqual({});
  });

  it('treats an empty invoke as "use the defaults"', () => {
    expect(parsePayload(undefined)).toEqual({});
    expect(parsePayload(null)).toEqual({});
    expect(parsePayload('')).toEqual({});
  });

  it('accepts a full ad hoc payload', () => {
    const payload = {
      regions: ['us-east-1', 'eu-west-1'],
      dryRun: true,
      remediate: true,
      maxChanges: 3,
      params: { a: 1 },
    };
    expect(parsePayload(payload)).toEqual(payload);
  });

  it('accepts a JSON string payload', () => {
    expect(parsePayload('{"regions":"all"}')).toEqual({ regions: 'all' });
  });

  it('rejects regions that are a number, naming the field and what was expected', () => {
    const error = validationError(() => parsePayload({ regions: 5 }));
    expect(error.fields).toEqual(['regions']);
    expect(error.message).toBe(
      'Invalid run request: regions: expected "all" or a non-empty list of region names, got number 5.',
    );
  });

  it('rejects an unknown region name with its position', () => {
    const error = validationError(() => parsePayload({ regions: ['us-east-1', 'us-east-9'] }));
    expect(error.fields).toEqual(['regions.1']);
    expect(error.message).toContain('unknown region "us-east-9"');
  });

  it('rejects an empty region list', () => {
    expect(validationError(() => parsePayload({ regions: [] })).fields).toEqual(['regions']);
  });

  it('rejects an unknown field by name', () => {
    const error = validationError(() => parsePayload({ region: 'us-east-1' }));
    expect(error.fields).toEqual(['region']);
    expect(error.message).toBe('Invalid run request: region: unknown field.');
  });

  it('rejects a non-boolean dryRun and a negative maxChanges together', () => {
    const error = validationError(() => parsePayload({ dryRun: 'yes', maxChanges: -1 }));
    expect(error.fields).toEqual(['dryRun', 'maxChanges']);
    expect(error.message).toContain('dryRun: expected true or false, got string "yes"');
  });

  it('rejects a payload that is not an object', () => {
    expect(validationError(() => parsePayload([1, 2])).message).toContain(
      'expected a JSON object, got a list',
    );
    expect(validationError(() => parsePayload('not json')).message).toContain('not JSON');
  });
});

describe('resolveRequest', () => {
  it('applies request defaults and the rule parameter defaults', () => {
    expect(resolveRequest(rule, {}, {})).toEqual({
      regions: 'all',
      dryRun: false,
      remediate: false,
      maxChanges: 25,
      params: { lookaheadDays: 14 },
    });
  });

  it('lets the payload override the function defaults, params merged key by key', () => {
    const request = resolveRequest(
      rule,
      { regions: ['eu-west-1'], dryRun: true, params: { lookaheadDays: 7 } },
      { dryRun: false },
    );
    expect(request).toMatchObject({ regions: ['eu-west-1'], dryRun: false, params: { lookaheadDays: 7 } });
  });

  it('rejects a bad rule parameter with its params. path', () => {
    const error = validationError(() => resolveRequest(rule, {}, { params: { lookaheadDays: 0 } }));
    expect(error.fields).toEqual(['params.lookaheadDays']);
    expect(error.message).toContain('Invalid parameters for rule test-rule: params.lookaheadDays:');
  });

  it('rejects an unknown rule parameter', () => {
    expect(validationError(() => resolveRequest(rule, {}, { params: { lookahead: 3 } })).fields).toEqual([
      'params.lookahead',
    ]);
  });
});

describe('defaultsFromEnv', () => {
  it('reads regions, flags and params from the environment', () => {
    expect(
      defaultsFromEnv({
        DRIFTWATCH_REGIONS: 'us-east-1, eu-west-1',
        DRIFTWATCH_DRY_RUN: 'true',
        DRIFTWATCH_MAX_CHANGES: '5',
        DRIFTWATCH_PARAMS: '{"lookaheadDays":3}',
      }),
    ).toEqual({
      regions: ['us-east-1', 'eu-west-1'],
      dryRun: true,
      remediate: false,
      maxChanges: 5,
      params: { lookaheadDays: 3 },
    });
  });

  it.each([
    ['DRIFTWATCH_REGIONS', 'us-east-1,mars-north-1'],
    ['DRIFTWATCH_DRY_RUN', 'maybe'],
    ['DRIFTWATCH_MAX_CHANGES', '-2'],
    ['DRIFTWATCH_PARAMS', '{not json'],
  ])('names %s when its value is bad', (variable, value) => {
    expect(() => defaultsFromEnv({ [variable]: value })).toThrow(ConfigError);
    expect(() => defaultsFromEnv({ [variable]: value })).toThrow(variable);
  });
});
