import { z } from 'zod';
import { ConfigError } from '../../../lib/errors';
import { defaultsFromEnv, parsePayload, resolveRequest } from '../../../lib/request';
import { KNOWN_REGIONS } from '../../../lib/regions';
import { defineRule } from '../../../lib/rule';
import { validationError } from '../../helpers/errors';

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

  it('rejects a payload that is not an object, naming what it got', () => {
    expect(validationError(() => parsePayload([1, 2])).message).toBe(
      'Invalid run request: (payload): expected a JSON object such as {"regions":["us-east-1"]}, got a list of 2 items.',
    );
    expect(validationError(() => parsePayload('not json')).message).toBe(
      'Invalid run request: (payload): expected a JSON object such as {"regions":["us-east-1"]}, got string "not json".',
    );
  });

  it('rejects a payload that is a JSON string (sls invoke -d \'"all"\') as a string, not as "not JSON"', () => {
    // Prepare: the Lambda runtime hands the handler the JSON string "all" as the JS string all; an
    // SQS body holds the JSON text "all" itself.
    for (const event of ['all', '"all"']) {
      // Act
      const error = validationError(() => parsePayload(event));

      // Assess
      expect(error.fields).toEqual(['(payload)']);
      expect(error.message).toBe(
        'Invalid run request: (payload): expected a JSON object such as {"regions":["us-east-1"]}, got string "all".',
      );
    }
  });

  it('rejects an empty region list in its own words, stating the accepted length', () => {
    const error = validationError(() => parsePayload({ regions: [] }));
    expect(error.message).toBe(
      `Invalid run request: regions: expected "all" or a list of 1 to ${KNOWN_REGIONS.length} region names (the known regions; add others with DRIFTWATCH_EXTRA_REGIONS), got an empty list.`,
    );
  });

  it('drops duplicate regions, keeping the first occurrence of each', () => {
    expect(parsePayload({ regions: ['us-east-1', 'eu-west-1', 'us-east-1'] })).toEqual({
      regions: ['us-east-1', 'eu-west-1'],
    });
  });

  it('refuses a region list longer than the known regions before checking each name', () => {
    // Prepare: copies of one region, within the payload size limit
    const copies = Array.from({ length: 1000 }, () => 'us-east-1');

    // Act
    const error = validationError(() => parsePayload({ regions: copies }));

    // Assess: one problem for the list, not one per copy
    expect(error.fields).toEqual(['regions']);
    expect(error.message).toContain(
      `regions: expected "all" or a list of 1 to ${KNOWN_REGIONS.length} region names`,
    );
    expect(error.message).toContain('got a list of 1000 items.');
  });

  it('counts DRIFTWATCH_EXTRA_REGIONS in the accepted list length and names', () => {
    // Prepare
    const saved = process.env.DRIFTWATCH_EXTRA_REGIONS;
    process.env.DRIFTWATCH_EXTRA_REGIONS = 'xx-future-1, xx-future-2';
    try {
      // Act
      const payload = parsePayload({ regions: ['xx-future-1'] });
      const error = validationError(() => parsePayload({ regions: [] }));

      // Assess
      expect(payload).toEqual({ regions: ['xx-future-1'] });
      expect(error.message).toContain(
        `a list of 1 to ${KNOWN_REGIONS.length + 2} region names (the known and DRIFTWATCH_EXTRA_REGIONS regions)`,
      );
    } finally {
      if (saved === undefined) delete process.env.DRIFTWATCH_EXTRA_REGIONS;
      else process.env.DRIFTWATCH_EXTRA_REGIONS = saved;
    }
  });

  it('refuses a payload over 64 KB, as an object and as a string, before validating it', () => {
    // Prepare: 60,000 copies of one region (the reported 780 KB payload)
    const big = { regions: Array.from({ length: 60_000 }, () => 'us-east-1') };
    const text = JSON.stringify(big);

    // Act
    const fromObject = validationError(() => parsePayload(big));
    const fromText = validationError(() => parsePayload(text));

    // Assess
    const expected = `Invalid run request: (payload): expected at most 65536 bytes (64 KB) of JSON, got ${Buffer.byteLength(text)} bytes.`;
    expect(fromObject.message).toBe(expected);
    expect(fromText.message).toBe(expected);
    expect(fromText.cause).toBeUndefined(); // refused before JSON.parse
  });

  it('states the maxChanges range and the value received', () => {
    for (const maxChanges of [-1, 20_000, 1.5]) {
      const error = validationError(() => parsePayload({ maxChanges }));
      expect(error.fields).toEqual(['maxChanges']);
      expect(error.message).toBe(
        `Invalid run request: maxChanges: expected a whole number from 0 to 10000, got number ${maxChanges}.`,
      );
    }
    expect(parsePayload({ maxChanges: 10_000 })).toEqual({ maxChanges: 10_000 });
  });

  it('echoes at most about 200 characters of a long bad value or field name', () => {
    // Act
    const error = validationError(() =>
      parsePayload({ regions: ['x'.repeat(5000)], ['k'.repeat(5000)]: 1, dryRun: 'y'.repeat(5000) }),
    );

    // Assess
    expect(error.message.length).toBeLessThan(800);
    expect(error.message).toContain('…" (5000 characters)');
    expect(error.fields).toHaveLength(3);
  });

  it('spells out at most five problems and counts the rest', () => {
    const payload = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`field${i}`, i]));
    const error = validationError(() => parsePayload(payload));
    expect(error.fields).toHaveLength(40);
    expect(error.message).toMatch(/field4: unknown field; and 35 more problems\.$/);
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

  it('names DRIFTWATCH_PARAMS for a bad parameter the payload did not set', () => {
    const error = validationError(() => resolveRequest(rule, { params: { lookaheadDays: 0 } }, {}));
    expect(error.fields).toEqual(['DRIFTWATCH_PARAMS.lookaheadDays']);
    const overridden = validationError(() =>
      resolveRequest(rule, { params: { lookaheadDays: 5 } }, { params: { lookaheadDays: 0 } }),
    );
    expect(overridden.fields).toEqual(['params.lookaheadDays']);
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

  it('de-duplicates DRIFTWATCH_REGIONS', () => {
    expect(defaultsFromEnv({ DRIFTWATCH_REGIONS: 'us-east-1,us-east-1, eu-west-1' }).regions).toEqual([
      'us-east-1',
      'eu-west-1',
    ]);
  });

  it.each([
    [
      'DRIFTWATCH_MAX_CHANGES',
      '20000',
      'Environment variable DRIFTWATCH_MAX_CHANGES: expected a whole number from 0 to 10000, got "20000".',
    ],
    [
      'DRIFTWATCH_MAX_CHANGES',
      '2e3',
      'Environment variable DRIFTWATCH_MAX_CHANGES: expected a whole number from 0 to 10000, got "2e3".',
    ],
    [
      'DRIFTWATCH_REGIONS',
      'us-east-1,mars-north-1',
      'Environment variable DRIFTWATCH_REGIONS: unknown region "mars-north-1"; expected an AWS region name such as us-east-1.',
    ],
    [
      'DRIFTWATCH_REGIONS',
      ',',
      `Environment variable DRIFTWATCH_REGIONS: expected "all" or a list of 1 to ${KNOWN_REGIONS.length} region names (the known regions; add others with DRIFTWATCH_EXTRA_REGIONS), got an empty list.`,
    ],
    [
      'DRIFTWATCH_PARAMS',
      '[1]',
      'Environment variable DRIFTWATCH_PARAMS: expected an object, got a list of 1 item.',
    ],
  ])('names %s=%s with the accepted form and the value received', (variable, value, message) => {
    // Act
    let thrown: unknown;
    try {
      defaultsFromEnv({ [variable]: value });
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(ConfigError);
    expect(thrown).toMatchObject({ variable, message });
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
