import { errorMessage, ValidationError } from '../lib/errors';
import { enabledRegions } from '../lib/inventory/regions';
import type { Inventory } from '../lib/inventory/types';
import type { Rule } from '../lib/rule';
import { quote } from '../lib/validation';
import { parseRegions, selectRules } from './options';

/** `--exclude-rule a --exclude-rule b,c`: known rule ids (as `--rule`), and at least one rule left. */
export function excludeRules(
  selected: readonly Rule<never>[],
  all: readonly Rule<never>[],
  ids: readonly string[] | undefined,
): Rule<never>[] {
  if (ids === undefined || ids.length === 0) return [...selected];
  let excluded: Rule<never>[];
  try {
    excluded = selectRules(all, ids);
  } catch (error) {
    throw new ValidationError(
      errorMessage(error).replace(/^--rule:/, '--exclude-rule:'),
      ['--exclude-rule'],
      {
        cause: error,
      },
    );
  }
  if (
    ids
      .join(',')
      .split(',')
      .every((id) => id.trim() === '')
  )
    throw new ValidationError('--exclude-rule: expected a rule id such as root-account-mfa, got nothing.', [
      '--exclude-rule',
    ]);
  const left = selected.filter((r) => !excluded.includes(r));
  if (left.length === 0)
    throw new ValidationError('--exclude-rule: every selected rule is excluded; nothing is left to scan.', [
      '--exclude-rule',
    ]);
  return left;
}

/** `--exclude-regions eu-west-1,ap-east-1`: known region names (as `--regions`); "all" makes no sense here. */
export function parseExcludedRegions(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const refuse = (): never => {
    throw new ValidationError(
      `--exclude-regions: expected a list of region names such as ap-east-1,me-south-1, got ${quote(value, 60)}.`,
      ['--exclude-regions'],
    );
  };
  if (value.trim().toLowerCase() === 'all') refuse();
  let regions: 'all' | string[] | undefined;
  try {
    regions = parseRegions(value);
  } catch (error) {
    throw new ValidationError(
      errorMessage(error).replace(/^--regions:/, '--exclude-regions:'),
      ['--exclude-regions'],
      {
        cause: error,
      },
    );
  }
  return Array.isArray(regions) ? regions : refuse();
}

/**
 * The regions to scan once `excluded` are left out. `all` becomes the account's enabled regions
 * (the memoised read every regional rule makes anyway); a list is filtered. Nothing left is an error.
 */
export async function withoutRegions(
  regions: 'all' | readonly string[],
  excluded: readonly string[],
  inventory: Inventory,
): Promise<string[]> {
  let from: readonly string[];
  try {
    from = regions === 'all' ? await inventory.get(enabledRegions) : regions;
  } catch (error) {
    throw new ValidationError(
      `--exclude-regions: cannot list the account's enabled regions to exclude from (${errorMessage(error).split('\n')[0]}); give --regions LIST instead.`,
      ['--exclude-regions'],
      { cause: error },
    );
  }
  const left = from.filter((r) => !excluded.includes(r));
  if (left.length === 0)
    throw new ValidationError(
      `--exclude-regions: every region to scan (${from.join(', ')}) is excluded; nothing is left to scan.`,
      ['--exclude-regions'],
    );
  return left;
}
