import * as z from 'zod/mini';
import { SnapshotError } from '../errors';
import type { StoredReads } from './memory';
import { StoredInventory } from './memory';
import type { ReadDef } from './types';
import { readKey } from './types';
import '../zod-locale';

type ZodIssue = z.core.$ZodIssue;

/** One bad stored value: where it is (a JSON path into the file) and what was expected. */
export interface ValueProblem {
  readonly path: string;
  readonly message: string;
}

/** `reads["iam.accountSummary"].global` rather than `reads.iam.accountSummary.global`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const [i, part] of path.entries()) {
    const key = String(part);
    if (typeof part === 'number') out += `[${key}]`;
    else if (i > 0 && !/^[A-Za-z_$][\w$]*$/.test(key)) out += `[${JSON.stringify(key)}]`;
    else out += i === 0 ? key : `.${key}`;
  }
  return out || '(file)';
}

/** Problems of one read's stored value at `key`, with paths from the top of the file. */
function valueProblems(read: ReadDef<unknown>, key: string, value: unknown): ValueProblem[] {
  const parsed = read.schema && z.safeParse(read.schema, value);
  if (!parsed || parsed.success) return [];
  const at = (path: readonly PropertyKey[]) => fieldPath(['reads', read.name, key, 'value', ...path]);
  const explain = (issue: ZodIssue, prefix: readonly PropertyKey[]): ValueProblem[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((k) => ({
        path: at([...path, k]),
        message: `unknown field (the ${read.name} read records no such field; misspelt?)`,
      }));
    // Of a union's alternatives (a trail's state, say), explain the one the value came closest to.
    const closest = issue.code === 'invalid_union' ? nearest(issue.errors) : undefined;
    if (closest) return closest.flatMap((inner) => explain(inner, path));
    return [{ path: at(path), message: issue.message }];
  };
  return parsed.error.issues.flatMap((issue) => explain(issue, []));
}

/** The alternative with the fewest problems, unless it is a wrong type altogether (then none). */
function nearest(alternatives: readonly (readonly ZodIssue[])[]): readonly ZodIssue[] | undefined {
  const ranked = [...alternatives].sort((a, b) => a.length - b.length);
  const best = ranked[0];
  return best && !best.every((i) => i.path.length === 0 && i.code !== 'unrecognized_keys') ? best : undefined;
}

/**
 * Checks every stored value of the given reads against the read's schema (the shape the live read
 * produces). Reads without a schema, and stored errors, are not checked.
 */
export function storedValueProblems(reads: StoredReads, defs: readonly ReadDef<unknown>[]): ValueProblem[] {
  const problems: ValueProblem[] = [];
  for (const read of defs) {
    for (const [key, stored] of Object.entries(reads[read.name] ?? {})) {
      if ('value' in stored) problems.push(...valueProblems(read, key, stored.value));
    }
  }
  return problems;
}

/** `a: x; b: y; c: z (and 4 more)`: the first three problems, for a one-line error. */
export function describeProblems(problems: readonly ValueProblem[]): string {
  const shown = problems.slice(0, 3).map((p) => `${p.path}: ${p.message}`);
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
  return `${shown.join('; ')}${more}`;
}

/**
 * The stored inventory of a snapshot file, which also checks a read the file was not checked for at
 * load (one added to lib/inventory but not to SNAPSHOT_READS) against its schema when a rule asks for
 * it: a bad value is a SnapshotError naming its path, which stops the scan.
 */
export class CheckedInventory extends StoredInventory {
  constructor(
    reads: StoredReads,
    private readonly file: string,
    private readonly checkedAtLoad: ReadonlySet<string>,
  ) {
    super(reads);
  }

  override async get<T>(read: ReadDef<T>, region?: string): Promise<T> {
    const value = await super.get(read, region);
    if (read.schema && !this.checkedAtLoad.has(read.name)) {
      const problems = valueProblems(read, readKey(read, region), value);
      if (problems.length > 0)
        throw new SnapshotError(`Snapshot ${this.file} is malformed: ${describeProblems(problems)}.`);
    }
    return value;
  }
}
