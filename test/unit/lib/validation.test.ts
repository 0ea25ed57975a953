import { z } from 'zod';
import { ConfigError } from '../../../lib/errors';
import { loadConfig } from '../../../lib/config';
import { knownRegions, KNOWN_REGIONS, splitList } from '../../../lib/regions';
import { describeValue, problemsError, truncate, zodValidationError } from '../../../lib/validation';

describe('zodValidationError', () => {
  it('names each field, with a prefix and a renaming, and keeps the zod error as cause', () => {
    // Prepare
    const schema = z.strictObject({ a: z.number({ error: () => 'expected a number' }) });
    const parsed = schema.safeParse({ a: 'x', b: 1 });
    if (parsed.success) throw new Error('expected a failure');

    // Act
    const error = zodValidationError(parsed.error, 'thing', {
      prefix: 'scope',
      fieldName: (path) => path.join('/'),
    });

    // Assess
    expect(error.message).toBe('Invalid thing: scope/a: expected a number; scope/b: unknown field.');
    expect(error.fields).toEqual(['scope/a', 'scope/b']);
    expect(error.cause).toBe(parsed.error);
  });
});

describe('problemsError', () => {
  it('spells out five problems and counts the rest', () => {
    const problems = Array.from({ length: 7 }, (_, i) => ({ field: `f${i}`, message: 'bad' }));
    expect(problemsError(problems).message).toBe(
      'f0: bad; f1: bad; f2: bad; f3: bad; f4: bad; and 2 more problems.',
    );
  });
});

describe('truncate and describeValue', () => {
  it('cut echoed input to 200 characters and say how long it was', () => {
    expect(truncate('a'.repeat(201))).toBe(`${'a'.repeat(200)}… (201 characters)`);
    expect(truncate('short')).toBe('short');
    expect(describeValue('x'.repeat(1000))).toBe(`string "${'x'.repeat(200)}…" (1000 characters)`);
  });

  it('describe each kind of value', () => {
    expect([undefined, null, [], [1], { a: 1 }, 5, true, 'yes'].map(describeValue)).toEqual([
      'nothing',
      'null',
      'an empty list',
      'a list of 1 item',
      'an object',
      'number 5',
      'boolean true',
      'string "yes"',
    ]);
  });
});

describe('region lists', () => {
  it('split comma-separated text, trimming and dropping empties', () => {
    expect(splitList(' us-east-1,, eu-west-1 ,')).toEqual(['us-east-1', 'eu-west-1']);
  });

  it('add DRIFTWATCH_EXTRA_REGIONS to the known regions', () => {
    expect(knownRegions('xx-new-1, ,xx-new-2').size).toBe(KNOWN_REGIONS.length + 2);
    expect(knownRegions('').size).toBe(KNOWN_REGIONS.length);
  });
});

describe('loadConfig', () => {
  it('echoes at most 200 characters of a bad variable, escaped', () => {
    // Act
    let thrown: unknown;
    try {
      loadConfig({ DRIFTWATCH_TOPIC_ARN: `\n${'x'.repeat(10_000)}` });
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(ConfigError);
    const message = (thrown as ConfigError).message;
    expect(message).toMatch(
      /^Environment variable DRIFTWATCH_TOPIC_ARN: expected an SNS topic ARN .*, got "\\nx+…" \(10001 characters\)\.$/,
    );
    expect(message.length).toBeLessThan(350);
  });

  it('states the range of a numeric variable', () => {
    expect(() => loadConfig({ DRIFTWATCH_NOTIFY: 'never', DRIFTWATCH_CONCURRENCY: '0' })).toThrow(
      'Environment variable DRIFTWATCH_CONCURRENCY: expected a whole number >= 1, got "0".',
    );
  });
});
