import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod/mini';
import { errorMessage, SnapshotError } from '../errors';
import type { RecordedRead } from './live';
import type { StoredRead, StoredReads } from './memory';
import type { StoredInventory } from './memory';
import { SNAPSHOT_READS } from './snapshot-reads';
import { CheckedInventory, describeProblems, fieldPath, storedValueProblems } from './snapshot-values';

/**
 * The snapshot file: what the rules read from one account, recorded by `driftwatch snapshot` through
 * the live inventory, so evaluating the file gives the findings the live account gave at `capturedAt`.
 * The format is documented in docs/snapshot-format.md; bump `SNAPSHOT_VERSION` on any change an older
 * reader would misread.
 */
export const SNAPSHOT_FORMAT = 'driftwatch.snapshot';
export const SNAPSHOT_VERSION = 1;

export interface SnapshotFile {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly version: typeof SNAPSHOT_VERSION;
  /** ISO-8601 UTC: when the reads were made. Scans of the file evaluate "now" as this time. */
  readonly capturedAt: string;
  readonly account: string;
  /** The regions asked for at capture (`all` enabled regions, or a list); a scan of the file defaults to them. */
  readonly regions: 'all' | readonly string[];
  /** The rule ids evaluated at capture (informational). */
  readonly rules?: readonly string[];
  /** What wrote the file, e.g. `driftwatch 0.1.0`. */
  readonly generator?: string;
  /** Read name → region (or `global`) → `{ value }` or `{ error: { code, message } }`. */
  readonly reads: StoredReads;
}

const ACCOUNT_ID = /^\d{12}$/;
const storedRead = z.union([
  z.strictObject({ value: z.unknown().check(z.refine((v) => v !== undefined, 'expected a value')) }),
  z.strictObject({ error: z.strictObject({ code: z.string().check(z.minLength(1)), message: z.string() }) }),
]);

const snapshotSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.literal(SNAPSHOT_VERSION),
  capturedAt: z.iso.datetime({
    offset: false,
    error: 'expected an ISO-8601 UTC time such as 2026-11-20T09:00:00Z',
  }),
  account: z.string().check(z.regex(ACCOUNT_ID, 'expected a 12-digit AWS account id')),
  regions: z.union([z.literal('all'), z.array(z.string().check(z.minLength(1))).check(z.minLength(1))], {
    error: 'expected "all" or a non-empty list of region names',
  }),
  rules: z.optional(z.array(z.string())),
  generator: z.optional(z.string()),
  reads: z.record(
    z.string(),
    z.record(z.string(), storedRead, { error: 'expected an object keyed by region or "global"' }),
    {
      error: 'expected an object keyed by read name',
    },
  ),
});

const REQUIRED_SECTIONS = ['format', 'version', 'capturedAt', 'account', 'regions', 'reads'] as const;

/**
 * Parses and validates a snapshot's text. Every problem is a `SnapshotError` whose message names the
 * file and what is wrong: not JSON (truncated), not a snapshot, a version this driftwatch cannot read,
 * a missing section, or a malformed field (with its path).
 */
export function parseSnapshot(text: string, source: string): SnapshotFile {
  if (text.trim() === '') throw new SnapshotError(`Snapshot ${source} is empty.`);
  let data: unknown;
  try {
    data = JSON.parse(text) as unknown;
  } catch (error) {
    throw new SnapshotError(
      `Snapshot ${source} is not valid JSON (${text.length} characters; truncated or corrupted?): ${errorMessage(error)}.`,
      { cause: error },
    );
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new SnapshotError(`Snapshot ${source} is not a driftwatch snapshot: expected a JSON object.`);
  }
  const obj = data as Record<string, unknown>;
  if (obj.format !== SNAPSHOT_FORMAT) {
    throw new SnapshotError(
      `Snapshot ${source} is not a driftwatch snapshot: expected "format": "${SNAPSHOT_FORMAT}", got ${JSON.stringify(obj.format) ?? 'none'}.`,
    );
  }
  if (obj.version !== SNAPSHOT_VERSION) {
    throw new SnapshotError(
      `Snapshot ${source} has format version ${JSON.stringify(obj.version) ?? '(none)'}; this driftwatch reads version ${SNAPSHOT_VERSION}. Record it again with this driftwatch (driftwatch snapshot --out FILE) or use the driftwatch that wrote it.`,
    );
  }
  const missing = REQUIRED_SECTIONS.filter((key) => !(key in obj));
  if (missing.length > 0) {
    throw new SnapshotError(
      `Snapshot ${source} is missing the section${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}.`,
    );
  }
  const parsed = snapshotSchema.safeParse(obj);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({ path: fieldPath(i.path), message: i.message }));
    throw new SnapshotError(`Snapshot ${source} is malformed: ${describeProblems(problems)}.`);
  }
  const snapshot = parsed.data as SnapshotFile;
  const bad = storedValueProblems(snapshot.reads, SNAPSHOT_READS);
  if (bad.length > 0) throw new SnapshotError(`Snapshot ${source} is malformed: ${describeProblems(bad)}.`);
  checkIdentity(snapshot, source);
  sources.set(snapshot, source);
  return snapshot;
}

/** The file each parsed snapshot came from (its stored values are checked by then). */
const sources = new WeakMap<SnapshotFile, string>();

/** The recorded caller identity, when present, must be the account the file says it is about. */
function checkIdentity(snapshot: SnapshotFile, source: string): void {
  const identity = snapshot.reads['sts.callerIdentity']?.global;
  if (identity && 'value' in identity) {
    const account = (identity.value as { account?: unknown } | null)?.account;
    if (account !== snapshot.account) {
      throw new SnapshotError(
        `Snapshot ${source} is inconsistent: "account" is ${snapshot.account} but reads["sts.callerIdentity"] says ${JSON.stringify(account)}.`,
      );
    }
  }
}

/** Reads and validates a snapshot file; a missing or unreadable file is a `SnapshotError` too. */
export function loadSnapshot(path: string): SnapshotFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : errorMessage(error);
    throw new SnapshotError(`Cannot read snapshot ${path}: ${why}.`, { cause: error });
  }
  return parseSnapshot(text, path);
}

/**
 * The inventory a scan of the snapshot reads. When the file has no recorded caller identity (a
 * hand-written file), it is derived from `account`, so the engine knows whom the findings are about.
 * A read whose value was not checked at load (not in SNAPSHOT_READS, or a snapshot built in memory)
 * is checked against its schema when a rule asks for it.
 */
export function snapshotInventory(snapshot: SnapshotFile): StoredInventory {
  const source = sources.get(snapshot);
  const checked = new Set(source === undefined ? [] : SNAPSHOT_READS.map((r) => r.name));
  const label = source ?? '(in memory)';
  if (snapshot.reads['sts.callerIdentity']?.global)
    return new CheckedInventory(snapshot.reads, label, checked);
  const identity: StoredRead = {
    value: { account: snapshot.account, arn: `arn:aws:iam::${snapshot.account}:root`, partition: 'aws' },
  };
  return new CheckedInventory(
    { ...snapshot.reads, 'sts.callerIdentity': { global: identity } },
    label,
    checked,
  );
}

export interface SnapshotInput {
  readonly reads: readonly RecordedRead[];
  readonly capturedAt: Date;
  readonly account: string;
  readonly regions: 'all' | readonly string[];
  readonly rules?: readonly string[];
  readonly generator?: string;
}

/** Builds the file from the live inventory's recorded reads; names and regions are sorted so diffs stay small. */
export function buildSnapshot(input: SnapshotInput): SnapshotFile {
  const reads: Record<string, Record<string, StoredRead>> = {};
  const sorted = [...input.reads].sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
  for (const read of sorted) {
    const byKey = (reads[read.name] ??= {});
    byKey[read.key] = 'error' in read ? { error: read.error } : { value: read.value };
  }
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    capturedAt: input.capturedAt.toISOString(),
    account: input.account,
    regions: input.regions,
    ...(input.rules ? { rules: input.rules } : {}),
    ...(input.generator ? { generator: input.generator } : {}),
    reads,
  };
}

export function serializeSnapshot(snapshot: SnapshotFile): string {
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}

/** Writes atomically (temp file, then rename), so an interrupted capture never leaves a truncated file. */
export function writeSnapshot(path: string, snapshot: SnapshotFile): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temp, serializeSnapshot(snapshot));
    renameSync(temp, path);
  } catch (error) {
    throw new SnapshotError(`Cannot write snapshot ${path}: ${errorMessage(error)}.`, { cause: error });
  }
}
